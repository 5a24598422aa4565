// The presenter's screen for a room: the steps on the left, the current step large on the right,
// the scenario's objects live underneath, a timer against the scenario's minutes. Readable at 100x30.
import { Box, Text, useApp, useInput, useStdin, useStdout } from 'ink';
import { useEffect, useRef, useSyncExternalStore } from 'react';
import { age, clock, readKey, type DemoKey } from '../../engine/demo.js';
import type { LabEvent, ObjectRow } from '../../engine/events.js';
import { formatEvent } from '../../plain/format.js';
import type { Paint } from '../../plain/paint.js';
import type { Scenario } from '../../scenario/load.js';
import type { Bridge } from '../bridge.js';
import { wrapLines } from '../wrap.js';
import { demoView, type DemoView } from './view.js';

export interface DemoAppProps {
  bridge: Bridge;
  scenario: Scenario;
  paint: Paint;
  onKey: (key: DemoKey) => void;
  onInterrupt: () => void;
}

export function DemoApp({ bridge, scenario, paint, onKey, onInterrupt }: DemoAppProps) {
  const snapshot = useSyncExternalStore(bridge.subscribe, bridge.getSnapshot);
  const { isRawModeSupported } = useStdin();
  const { stdout } = useStdout();
  const { exit } = useApp();
  const pending = useRef('');
  const columns = stdout.columns ?? 100;
  const rows = stdout.rows ?? 30;
  useInput((input, key) => {
    if (key.ctrl && input === 'c') return onInterrupt();
    // Keys typed fast arrive as one chunk ("10" then Enter, or "10\r"): read them one by one.
    const chunks = input.length > 1 && !key.return ? [...input].map((ch) => (ch === '\r' ? { ch: '', key: { return: true } } : { ch, key: {} })) : [{ ch: input, key }];
    for (const c of chunks) {
      const read = readKey(c.ch, c.key, pending.current);
      pending.current = read.pending;
      if (read.action) onKey(read.action);
    }
  }, { isActive: isRawModeSupported === true });
  useEffect(() => {
    if (snapshot.finished) exit();
  }, [snapshot.finished, exit]);

  const view = demoView(snapshot.events, scenario.steps.map((s) => s.id));
  const listWidth = Math.min(34, Math.floor(columns * 0.34));
  const objectRows = Math.min(6, view.objects.length);
  const paneRows = Math.max(6, rows - 4 - (objectRows + 3) - 2);
  return (
    <Box flexDirection="column" width={columns}>
      <Header scenario={scenario} view={view} columns={columns} />
      <Box flexDirection="row">
        <StepList scenario={scenario} view={view} width={listWidth} />
        <StepPane scenario={scenario} view={view} paint={paint} width={columns - listWidth - 1} height={paneRows} />
      </Box>
      <Objects rows={view.objects.slice(0, 6)} hidden={view.objects.length - objectRows} now={Date.now()} width={columns} />
      <Text dimColor wrap="truncate-end">
        {enterMeans(view)} · ←/→ step · 1-{Math.min(scenario.steps.length, 99)}⏎ jump · space {view.position?.paused ? 'resume' : 'pause'} · q end
        {pending.current ? `  → step ${pending.current}` : ''}
      </Text>
    </Box>
  );
}

function enterMeans(view: DemoView): string {
  switch (view.position?.phase) {
    case 'typed': return 'Enter: run it';
    case 'typing': return 'typing…';
    case 'running': case 'restoring': return 'running…';
    case 'done': return 'Enter: next step';
    default: return 'Enter: go';
  }
}

function Header({ scenario, view, columns }: { scenario: Scenario; view: DemoView; columns: number }) {
  const p = view.position;
  const over = p?.minutes !== undefined && p.elapsed > p.minutes * 60;
  const timer = p ? `${clock(p.elapsed)}${p.minutes ? ` / ${clock(p.minutes * 60)}` : ''}` : '';
  return (
    <Box justifyContent="space-between" width={columns} borderStyle="single" borderTop={false} borderLeft={false} borderRight={false}>
      <Text bold>{scenario.title}</Text>
      <Text>
        {p?.paused ? <Text inverse> PAUSED </Text> : null} <Text color={over ? 'yellow' : undefined}>{timer}</Text>
      </Text>
    </Box>
  );
}

function StepList({ scenario, view, width }: { scenario: Scenario; view: DemoView; width: number }) {
  const index = view.position?.index ?? -1;
  return (
    <Box flexDirection="column" width={width} marginRight={1}>
      {scenario.steps.map((s, i) => {
        const done = view.done.get(s.id);
        const mark = i === index ? '▶' : done === true ? '✓' : done === false ? '✗' : ' ';
        return (
          <Text key={s.id} bold={i === index} dimColor={i !== index && done === undefined} color={done === false ? 'red' : undefined} wrap="truncate-end">
            {mark} {String(i + 1).padStart(2)} {s.title}
          </Text>
        );
      })}
    </Box>
  );
}

function StepPane({ scenario, view, paint, width, height }: { scenario: Scenario; view: DemoView; paint: Paint; width: number; height: number }) {
  const p = view.position;
  const step = p ? scenario.steps[p.index] : undefined;
  const lines = view.current.flatMap((e: LabEvent) => (e.type === 'step.start' ? [] : formatEvent(e, paint, false))).flatMap((l) => l.split('\n'));
  const typing = p && (p.phase === 'typing' || p.phase === 'typed') && p.command !== undefined;
  const text = step?.text ? wrapLines(step.text, width) : [];
  const room = Math.max(1, height - 2 - text.length - (typing ? 1 : 0));
  return (
    <Box flexDirection="column" width={width} height={height}>
      {step ? <Text bold color="cyan">{`Step ${p!.index + 1} of ${p!.total} · ${step.title}`}</Text> : <Text>{view.notice ?? 'Getting the cluster ready…'}</Text>}
      {text.map((line, i) => <Text key={`t${i}`}>{line}</Text>)}
      <Text> </Text>
      {lines.slice(-room).map((line, i) => <Text key={i} wrap="truncate-end">{line}</Text>)}
      {typing ? (
        <Text>
          <Text bold>$ </Text>{p!.typed}{p!.phase === 'typing' ? <Text inverse> </Text> : <Text dimColor>   ⏎</Text>}
        </Text>
      ) : null}
      {p?.phase === 'restoring' || (view.notice && step) ? <Text dimColor>{view.notice}</Text> : null}
    </Box>
  );
}

/** The live panel's columns, kubectl's order; the name column takes what the terminal has left. */
const COLUMNS = [['STATUS', 17], ['READY', 6], ['RESTARTS', 9], ['LAST', 11], ['EXIT', 5], ['AGE', 6]] as const;

function Objects({ rows, hidden, now, width }: { rows: ObjectRow[]; hidden: number; now: number; width: number }) {
  const name = Math.max(12, Math.min(32, width - 4 - COLUMNS.reduce((sum, [, w]) => sum + w, 0)));
  const cell = (text: string, w: number) => (text.length >= w ? `${text.slice(0, w - 2)}… ` : text.padEnd(w));
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1} width={width}>
      <Text bold>{cell('NAME', name)}{COLUMNS.map(([h, w]) => cell(h, w)).join('')}</Text>
      {rows.length === 0 ? <Text dimColor>no objects yet</Text> : null}
      {rows.map((r) => (
        <Text key={`${r.kind}/${r.name}`} wrap="truncate-end">
          {cell(r.kind === 'pod' ? r.name : `${r.kind}/${r.name}`, name)}
          {r.kind === 'pod'
            ? [r.status, r.ready ?? '', String(r.restarts ?? 0), r.last ?? '', r.exitCode === undefined ? '' : String(r.exitCode), age(r.createdAt, now)].map((v, i) => cell(v, COLUMNS[i]![1])).join('')
            : r.status}
        </Text>
      ))}
      {hidden > 0 ? <Text dimColor>…and {hidden} more</Text> : null}
    </Box>
  );
}
