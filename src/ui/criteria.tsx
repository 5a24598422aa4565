// The exercise's live grading: each criterion and guard with ✓/✗, what was expected and found,
// where to look, and how long everything has held.
import { Box, Text } from 'ink';
import type { LabEvent } from '../engine/events.js';

type Criteria = Extract<LabEvent, { type: 'criteria' }>;

export function CriteriaPanel({ criteria, now }: { criteria: Criteria; now: number }) {
  const held = criteria.holding ? Math.min(criteria.stableSeconds, criteria.heldSeconds + (now - (criteria.at ?? now)) / 1000) : 0;
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <Text bold>
        {criteria.holding ? <Text color="green">Holding {Math.floor(held)}s of {criteria.stableSeconds}s</Text> : 'Not fixed yet'}
        <Text dimColor>{criteria.pods.length > 0 ? `  · workload: ${criteria.pods.join(', ')}` : '  · no workload pod yet'}</Text>
      </Text>
      {criteria.items.map((item) => (
        <Box key={item.id} flexDirection="column">
          <Text>
            <Text color={item.ok ? 'green' : 'red'}>{item.ok ? '✓' : '✗'}</Text> {item.guard ? <Text dimColor>guard · </Text> : null}{item.message}
          </Text>
          {!item.ok && item.note ? <Text dimColor>    {item.note}</Text> : null}
          {!item.ok && item.lookAt ? <Text dimColor>    look at: {item.lookAt}</Text> : null}
        </Box>
      ))}
    </Box>
  );
}
