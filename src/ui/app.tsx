// The interactive lesson: finished lines in <Static>, the live step and the prompt below, the
// lesson beside them on wide terminals.
import { Box, Static, Text, useApp, useInput, useStdout, useStdin } from 'ink';
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { PROMPT_HELP } from '../runtime/exercise/prompt-help.js';
import type { LabEvent } from '../engine/events.js';
import { formatEvent } from '../plain/format.js';
import type { Paint } from '../plain/paint.js';
import type { LessonSection } from '../scenario/lesson.js';
import type { Bridge, Prompt } from './bridge.js';
import { CriteriaPanel } from './criteria.js';
import { Live, liveView } from './live.js';
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

  const view = liveView(snapshot.events);
  const now = useTicker(view.criteria?.holding === true && !snapshot.finished);
  const section = view.step?.lesson ? lesson.get(view.step.lesson) : undefined;
  const items = useMemo(() => staticItems(snapshot.events, wide ? undefined : lesson, paint, demo), [snapshot.events, wide, lesson, paint, demo]);

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

/** Finished lines: every event but kind's "started" lines, with lesson sections inline when narrow. */
function staticItems(events: LabEvent[], lesson: Map<string, LessonSection> | undefined, paint: Paint, demo: boolean): Item[] {
  const items: Item[] = [];
  let shown: string | undefined;
  events.forEach((e, i) => {
    if (e.type === 'cluster.progress' && e.line.startsWith(' • ') && e.line.endsWith('...')) return;
    // The live criteria panel shows these, redrawn in place.
    if (e.type === 'criteria') return;
    const lines = formatEvent(e, paint, demo);
    if (lesson && e.type === 'step.start' && e.lesson && e.lesson !== shown) {
      shown = e.lesson;
      const section = lesson.get(e.lesson);
      if (section) lines.push(paint.dim(`── ${section.title}`), ...section.body.split('\n').map((l) => paint.dim(`   ${l}`)));
    }
    if (lines.length > 0) items.push({ key: String(i), text: lines.join('\n') });
  });
  return items;
}
