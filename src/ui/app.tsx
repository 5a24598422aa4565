// The interactive lesson: finished lines in <Static>, the live step and the prompt below, the
// lesson beside them on wide terminals.
import { Box, Static, Text, useApp, useInput, useStdout, useStdin } from 'ink';
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { PROMPT_HELP } from '../runtime/exercise/prompt-help.js';
import type { LabEvent } from '../engine/events.js';
import { formatEvent } from '../plain/format.js';
import type { Paint } from '../plain/paint.js';
import type { LessonSection } from '../scenario/lesson.js';
import type { Bridge, Prompt, Snapshot } from './bridge.js';
import { CriteriaPanel } from './criteria.js';
import { Live, NO_VIEW, nextLiveView, type LiveView } from './live.js';
import { PromptInput } from './prompt-input.js';

export interface AppProps {
  bridge: Bridge;
  lesson: Map<string, LessonSection>;
  paint: Paint;
  demo: boolean;
  onInterrupt: () => void;
  /** Overrides the terminal width (tests). */
  columns?: number;
}

const WIDE = 110;

export function App({ bridge, lesson, paint, demo, onInterrupt, columns }: AppProps) {
  const snapshot = useSyncExternalStore(bridge.subscribe, bridge.getSnapshot);
  const { isRawModeSupported } = useStdin();
  const { stdout } = useStdout();
  const { exit } = useApp();
  const wide = (columns ?? stdout.columns ?? 80) >= WIDE;
  const inputActive = isRawModeSupported === true;

  useInput((input, key) => {
    if (key.ctrl && input === 'c') onInterrupt();
  }, { isActive: inputActive });

  useEffect(() => {
    if (snapshot.finished) exit();
  }, [snapshot.finished, exit]);

  const { view, items } = useTakenIn(snapshot, wide ? undefined : lesson, paint, demo);
  const now = useTicker(view.criteria?.holding === true && !snapshot.finished);
  const section = view.step?.lesson ? lesson.get(view.step.lesson) : undefined;

  return (
    <>
      <Static items={items}>{(item) => <Text key={item.key}>{item.text}</Text>}</Static>
      {!snapshot.finished && (
        <Box flexDirection={wide ? 'row' : 'column'}>
          <Box flexDirection="column" flexGrow={1} flexBasis={0}>
            <Live view={view} waiting={snapshot.prompt !== undefined} />
            {view.criteria && view.busy && <CriteriaPanel criteria={view.criteria} now={now} />}
            {snapshot.prompt && <PromptLine prompt={snapshot.prompt} active={inputActive} />}
          </Box>
          {wide && section && (
            <Box flexDirection="column" width="42%" borderStyle="single" paddingX={1} marginLeft={1}>
              <Text bold>{section.title}</Text>
              <Text>{section.body}</Text>
            </Box>
          )}
        </Box>
      )}
    </>
  );
}

function PromptLine({ prompt, active }: { prompt: Prompt; active: boolean }) {
  switch (prompt.kind) {
    case 'proceed':
      return (
        <Box flexDirection="column">
          <PromptInput label="Press Enter to go on " active={active} onSubmit={prompt.resolve} />
          <Text dimColor>Enter: next · Ctrl+C: stop</Text>
        </Box>
      );
    case 'command':
      return (
        <Box flexDirection="column">
          <Text>Type <Text bold>{prompt.suggestion}</Text></Text>
          <PromptInput key={prompt.suggestion} label="$ " suggestion={prompt.suggestion} initial={prompt.demo ? prompt.suggestion : ''} active={active} onSubmit={prompt.resolve} />
          <Text dimColor>Tab: fill in · Enter: run · Ctrl+C: stop</Text>
        </Box>
      );
    case 'answer':
      return (
        <Box flexDirection="column">
          <PromptInput key={prompt.attempt} label={prompt.attempt === 1 ? 'answer> ' : 'try again> '} active={active} onSubmit={prompt.resolve} />
          <Text dimColor>Enter: answer · Ctrl+C: stop</Text>
        </Box>
      );
    case 'confirm':
      return <PromptInput label={`${prompt.question} ${prompt.defaultYes ? '[Y/n]' : '[y/N]'} `} active={active} onSubmit={prompt.resolve} />;
    case 'exercise':
      return (
        <Box flexDirection="column">
          <PromptInput label="exercise$ " active={active} onSubmit={prompt.resolve} />
          <Text dimColor>{PROMPT_HELP} · Ctrl+C: stop</Text>
        </Box>
      );
  }
}

/** Re-renders once a second while something on screen counts time. */
function useTicker(on: boolean): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!on) return undefined;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [on]);
  return now;
}

interface Item {
  key: string;
  text: string;
}

interface TakenIn {
  count: number;
  view: LiveView;
  items: Item[];
  /** The lesson section last shown inline. */
  shown?: string;
}

/**
 * The live view and the finished lines, taking in only the events not seen yet: each event is
 * formatted once, so a frame costs the same at step 100 as at step 1. Finished lines are printed
 * once by <Static> and never drawn again, so new settings (a resize) apply to new lines only.
 */
function useTakenIn(snapshot: Snapshot, lesson: Map<string, LessonSection> | undefined, paint: Paint, demo: boolean): TakenIn {
  const ref = useRef<TakenIn>({ count: 0, view: NO_VIEW, items: [] });
  const taken = ref.current;
  if (snapshot.count > taken.count) {
    const added: Item[] = [];
    let { view, shown } = taken;
    for (let i = taken.count; i < snapshot.count; i++) {
      const e = snapshot.events[i]!;
      view = nextLiveView(view, e);
      const item = finishedLine(e, i, lesson, paint, demo, shown);
      if (item) {
        shown = item.shown;
        added.push(item);
      }
    }
    ref.current = { count: snapshot.count, view, shown, items: added.length > 0 ? taken.items.concat(added) : taken.items };
  }
  return ref.current;
}

/** An event's finished lines (none for kind's "started" lines and the criteria the live panel shows), with its lesson section inline when narrow. */
function finishedLine(e: LabEvent, i: number, lesson: Map<string, LessonSection> | undefined, paint: Paint, demo: boolean, shown: string | undefined): (Item & { shown?: string }) | undefined {
  if (e.type === 'cluster.progress' && e.line.startsWith(' • ') && e.line.endsWith('...')) return undefined;
  if (e.type === 'criteria') return undefined;
  const lines = formatEvent(e, paint, demo);
  if (lesson && e.type === 'step.start' && e.lesson && e.lesson !== shown) {
    shown = e.lesson;
    const section = lesson.get(e.lesson);
    if (section) lines.push(paint.dim(`── ${section.title}`), ...section.body.split('\n').map((l) => paint.dim(`   ${l}`)));
  }
  return lines.length > 0 ? { key: String(i), text: lines.join('\n'), shown } : undefined;
}
