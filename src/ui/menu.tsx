// The scenario menu shown by a bare `kubelab` in a terminal.
import { Box, Text, useApp } from 'ink';
import { Select } from '@inkjs/ui';
import type { Scenario } from '../scenario/load.js';

export function Menu({ scenarios, onChoose }: { scenarios: Scenario[]; onChoose: (id: string | undefined) => void }) {
  const { exit } = useApp();
  const options = [
    ...scenarios.map((s) => ({ label: `${s.title}${s.minutes ? `  (${s.minutes} min)` : ''}${s.preview ? '  preview' : ''}`, value: s.id })),
    { label: 'Quit', value: '' },
  ];
  return (
    <Box flexDirection="column">
      <Text bold>kubelab · pick a lab</Text>
      <Text dimColor>Arrows to move, Enter to start. Each lab runs on a local kind cluster.</Text>
      <Select
        options={options}
        onChange={(value) => {
          onChoose(value === '' ? undefined : value);
          exit();
        }}
      />
    </Box>
  );
}
