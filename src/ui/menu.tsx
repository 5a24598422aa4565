// The scenario menu shown by a bare `kubelab` in a terminal: pick a lab, then the lesson or the exercise.
import { Box, Text, useApp } from 'ink';
import { Select } from '@inkjs/ui';
import { useState } from 'react';
import { progressLine, type LearnerProgress } from '../engine/learner-progress.js';
import type { ScenarioSummary } from '../scenario/summary.js';
import { MENU_HELP, MENU_TITLE, MENU_VISIBLE, menuOptions } from './menu-options.js';

export interface Choice {
  scenario: string;
  mode: 'lesson' | 'exercise';
}

export function Menu({ scenarios, progress, onChoose }: { scenarios: ScenarioSummary[]; progress: LearnerProgress; onChoose: (choice: Choice | undefined) => void }) {
  const { exit } = useApp();
  const [picked, setPicked] = useState<ScenarioSummary | undefined>();
  const done = (choice: Choice | undefined) => {
    onChoose(choice);
    exit();
  };
  if (picked) {
    const record = progress.scenarios[picked.id];
    const options = [
      { label: `Lesson: kubelab walks you through it${record?.lesson?.status === 'in-progress' ? ' (resume)' : ''}`, value: 'lesson' },
      ...(picked.exercise ? [{ label: `Exercise: fix it yourself, graded live${record?.exercise?.status === 'open' ? ' (resume)' : ''}`, value: 'exercise' }] : []),
      { label: 'Back', value: '' },
    ];
    return (
      <Box flexDirection="column">
        <Text bold>{picked.title}</Text>
        <Text dimColor>{progressLine(record, picked.stepCount)}</Text>
        <Select options={options} onChange={(value) => (value === '' ? setPicked(undefined) : done({ scenario: picked.id, mode: value as Choice['mode'] }))} />
      </Box>
    );
  }
  return (
    <Box flexDirection="column">
      <Text bold>{MENU_TITLE}</Text>
      <Text dimColor>{MENU_HELP}</Text>
      <Select visibleOptionCount={MENU_VISIBLE} options={menuOptions(scenarios, progress)} onChange={(value) => (value === '' ? done(undefined) : setPicked(scenarios.find((s) => s.id === value)))} />
    </Box>
  );
}
