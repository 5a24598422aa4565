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

export const NO_VIEW: LiveView = { busy: true };

/** The live view after one more event: the open step, kind's running line, the last pod line. */
export function nextLiveView(view: LiveView, e: LabEvent): LiveView {
  switch (e.type) {
    case 'step.start': return { ...view, step: e, pod: undefined, object: undefined };
    case 'step.done': return view.step?.step === e.step ? { ...view, step: undefined, pod: undefined, object: undefined } : view;
    case 'object': return { ...view, object: e };
    case 'criteria': return { ...view, criteria: e };
    case 'cluster.progress': {
      const line = parseKindLine(e.line);
      return { ...view, kind: line.kind === 'start' ? line.text : undefined };
    }
    case 'cluster.ready': return { ...view, kind: undefined };
    case 'pod': return { ...view, pod: e };
    case 'run.end':
    case 'interrupted': return { ...view, busy: false };
    default: return view;
  }
}

/** The live view derived from all of a run's events. */
export const liveView = (events: readonly LabEvent[]): LiveView => events.reduce(nextLiveView, NO_VIEW);

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
