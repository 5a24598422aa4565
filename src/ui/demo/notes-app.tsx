// The presenter's second screen: the current and next step, the speaker notes, the answer to the
// question on screen, the elapsed time against the plan.
import { Box, Text } from 'ink';
import { clock } from '../../engine/demo.js';
import type { NotesUpdate } from '../../runtime/demo/notes-client.js';

export function NotesApp({ update }: { update: NotesUpdate | undefined }) {
  if (!update || update.kind === 'waiting') return <Text dimColor>Waiting for kubelab demo to start… (this screen follows it by itself)</Text>;
  if (update.kind === 'ended') return <Text>The demo ended.</Text>;
  const { message } = update;
  const p = message.position;
  const step = message.steps[p.index];
  const next = message.steps[p.index + 1];
  const over = p.minutes !== undefined && p.elapsed > p.minutes * 60;
  return (
    <Box flexDirection="column">
      <Box justifyContent="space-between">
        <Text bold>{message.title}</Text>
        <Text color={over ? 'yellow' : undefined}>{p.paused ? '[paused] ' : ''}{clock(p.elapsed)}{p.minutes ? ` / ${clock(p.minutes * 60)}` : ''}</Text>
      </Box>
      <Text> </Text>
      <Text bold color="cyan">Now: step {p.index + 1} of {p.total} · {step?.title}{p.phase === 'finished' ? ' (the end)' : ''}</Text>
      {step?.notes ? <Text>notes: {step.notes}</Text> : <Text dimColor>no speaker notes for this step</Text>}
      {step?.ask ? <Text>asks: {step.ask}</Text> : null}
      {p.answer ? <Text color="green">answer (from the live cluster): {p.answer}</Text> : null}
      {p.command ? <Text dimColor>typing: {p.command}</Text> : null}
      <Text> </Text>
      <Text>Next: {next ? `step ${p.index + 2} · ${next.title}` : 'the summary'}</Text>
      {next?.notes ? <Text dimColor>notes: {next.notes}</Text> : null}
    </Box>
  );
}

/** One plain line per update, for a terminal without the UI or a log. */
export function notesLine(update: NotesUpdate): string {
  if (update.kind === 'waiting') return 'waiting for kubelab demo to start…';
  if (update.kind === 'ended') return 'the demo ended';
  const { message } = update;
  const p = message.position;
  const step = message.steps[p.index];
  const next = message.steps[p.index + 1];
  return `[${clock(p.elapsed)}${p.paused ? ' paused' : ''}] step ${p.index + 1}/${p.total} ${step?.title ?? ''} (${p.phase})${step?.notes ? ` | notes: ${step.notes}` : ''}${p.answer ? ` | answer: ${p.answer}` : ''} | next: ${next?.title ?? 'the summary'}`;
}
