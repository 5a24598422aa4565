// The live area under the finished lines: the current step, what is running, the pod as it is now.
import { Box, Text } from 'ink';
import { Spinner } from '@inkjs/ui';
import type { LabEvent } from '../engine/events.js';
import { parseKindLine } from '../cluster/parse-tools.js';

type Of<T extends LabEvent['type']> = Extract<LabEvent, { type: T }>;

export interface LiveView {
  step?: Of<'step.start'>;
  kind?: string;
  pod?: Of<'pod'>;
  object?: Of<'object'>;
  criteria?: Of<'criteria'>;
  busy: boolean;
}

/** Derives the live view from the run's events: the open step, kind's running line, the last pod line. */
export function liveView(events: LabEvent[]): LiveView {
  let step: Of<'step.start'> | undefined;
  let kind: string | undefined;
  let pod: Of<'pod'> | undefined;
  let object: Of<'object'> | undefined;
  let criteria: Of<'criteria'> | undefined;
  let ended = false;
  for (const e of events) {
    if (e.type === 'step.start') {
      step = e;
      pod = undefined;
      object = undefined;
    } else if (e.type === 'step.done' && step?.step === e.step) {
      step = undefined;
      pod = undefined;
      object = undefined;
    }
    else if (e.type === 'object') object = e;
    else if (e.type === 'criteria') criteria = e;
    else if (e.type === 'cluster.progress') {
      const line = parseKindLine(e.line);
      kind = line.kind === 'start' ? line.text : undefined;
    } else if (e.type === 'cluster.ready') kind = undefined;
    else if (e.type === 'pod') pod = e;
    else if (e.type === 'run.end' || e.type === 'interrupted') ended = true;
  }
  return { step, kind, pod, object, criteria, busy: !ended };
}

export function Live({ view, waiting }: { view: LiveView; waiting: boolean }) {
  if (!view.busy) return null;
  return (
    <Box flexDirection="column">
      {view.kind && <Spinner label={`kind: ${view.kind}`} />}
      {view.step && !waiting && <Spinner label={`${view.step.title}…`} />}
      {view.object && (
        <Box borderStyle="round" paddingX={1}>
          <Text><Text bold>{view.object.kind} {view.object.name}</Text>  {view.object.summary}</Text>
        </Box>
      )}
      {view.pod && (
        <Box borderStyle="round" paddingX={1}>
          <Text>
            <Text bold>{view.pod.pod}</Text>
            {view.pod.exists
              ? `  READY ${view.pod.ready}  STATUS ${view.pod.status}  RESTARTS ${view.pod.restarts}${view.pod.lastState ? `  LAST ${view.pod.lastState.reason} (exit ${view.pod.lastState.exitCode})` : ''}`
              : '  not found'}
          </Text>
        </Box>
      )}
    </Box>
  );
}
