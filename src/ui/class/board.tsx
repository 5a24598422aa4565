// The instructor's live board: learners × steps, readable at 30 learners in a 120x40 terminal.
import { Box, Text } from 'ink';
import { boardSummary, type LearnerRow } from '../../class/board.js';

const STATUS_COLOR: Record<string, string | undefined> = { done: 'green', fixed: 'green', stuck: 'red', skipped: 'yellow', 'in progress': 'cyan' };

function bar(done: number, total: number, width: number): string {
  if (total === 0) return ''.padEnd(width);
  const filled = Math.round((done / total) * width);
  return `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
}

const cell = (text: string, width: number) => (text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width));

export function Board({ klass, rows, updated, columns = 120 }: { klass: string; rows: LearnerRow[]; updated: number; columns?: number }) {
  const counts = boardSummary(rows);
  const stepWidth = Math.max(12, columns - 11 - 22 - 17 - 12 - 6 - 9 - 6 - 2);
  return (
    <Box flexDirection="column">
      <Text bold>
        class {klass} · {rows.length} learners · {counts.done + counts.fixed} done · {counts['in progress']} working · <Text color={counts.stuck > 0 ? 'red' : undefined}>{counts.stuck} stuck</Text> · {counts['not started']} not started
        <Text dimColor>   updated {new Date(updated).toLocaleTimeString()}</Text>
      </Text>
      <Text dimColor>{cell('LEARNER', 11)}{cell('SCENARIO', 22)}{cell('PROGRESS', 17)}{cell('STATUS', 12)}{cell('HINTS', 6)}{cell('CHECKS', 9)}{cell('IDLE', 6)}{cell('NOW', stepWidth)}</Text>
      {rows.map((r) => (
        <Text key={r.namespace} wrap="truncate-end">
          {cell(r.learner, 11)}
          {cell(r.scenario ? `${r.scenario}${r.mode === 'exercise' ? '*' : ''}` : '—', 22)}
          {cell(`${bar(r.stepsDone, r.stepsTotal, 10)} ${r.stepsTotal > 0 ? `${r.stepsDone}/${r.stepsTotal}` : ''}`, 17)}
          <Text color={STATUS_COLOR[r.status]}>{cell(r.status, 12)}</Text>
          {cell(String(r.hints), 6)}
          {cell(r.criteria ? `${r.criteria.ok}/${r.criteria.total}` : '', 9)}
          {cell(r.idleMinutes === undefined ? '' : `${Math.floor(r.idleMinutes)}m`, 6)}
          {cell(r.currentStep ?? '', stepWidth)}
        </Text>
      ))}
      <Text dimColor>* exercise · CHECKS: the exercise's criteria graded now with your credentials · Ctrl+C: close the board</Text>
    </Box>
  );
}
