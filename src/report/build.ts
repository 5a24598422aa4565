// Builds a run's report from its events: steps with their durations, every check with what was
// expected and what was found, answers, hints, the exercise's last criteria. Pure.
import type { LabEvent } from '../engine/events.js';

export const REPORT_SCHEMA_VERSION = 1;

export interface ReportCheck {
  step: string;
  check: string;
  ok: boolean;
  message: string;
  expected?: string;
  got?: string;
  note?: string;
  lookAt?: string;
  guard?: boolean;
}

/** A line kubelab pointed at in a command's output, with what it tells. */
export interface ReportPoint {
  step: string;
  label: string;
  line: number;
  text: string;
  value: string;
}

/** A number the node's kernel holds for the pod's memory cgroup, as the kernel step read it. */
export interface ReportReading {
  step: string;
  file: string;
  value: string;
  meaning: string;
}

export interface ReportCommand {
  by: string;
  argv: string[];
  exitCode: number;
  /** The step it ran in; none for the scenario's own setup before the first step. */
  step?: string;
  /** What it printed (stdout, then stderr), trimmed to OUTPUT_LINES lines. */
  output?: string;
}

export interface Report {
  schemaVersion: number;
  kubelab: string;
  scenario: string;
  title: string;
  mode: string;
  cluster: string;
  startedAt: string;
  endedAt: string;
  seconds: number;
  ok: boolean;
  outcome?: 'fixed' | 'skipped' | 'stopped' | 'interrupted';
  steps: { id: string; title: string; kind: string; ok: boolean | null; reason?: string; startedAt: string; seconds: number; index?: number; text?: string }[];
  checks: ReportCheck[];
  answers: { step: string; question: string; given: string; correct: boolean; attempts: number; hints: number; revealed?: string }[];
  hints: { tier: number; of: number; text: string }[];
  commands: ReportCommand[];
  points?: ReportPoint[];
  readings?: ReportReading[];
  summary: string[];
}

export const OUTPUT_LINES = 80;

/** A command's output as a report keeps it: trailing blanks gone, at most OUTPUT_LINES lines. */
export function trimOutput(stdout: string, stderr: string): string {
  const lines = [stdout, stderr].map((t) => t.replace(/\s+$/, '')).filter((t) => t !== '').join('\n').split('\n').map((l) => l.trimEnd());
  if (lines.length <= OUTPUT_LINES) return lines.join('\n');
  return [...lines.slice(0, OUTPUT_LINES), `… ${lines.length - OUTPUT_LINES} more line(s)`].join('\n');
}

/** "…expected X, got Y…" split into its two halves, for reports and JUnit failures. */
export function expectedGot(message: string): { expected: string; got: string } | undefined {
  const m = /expected (.+?), (?:got|found|but) (.+)$/.exec(message);
  return m ? { expected: m[1]!, got: m[2]! } : undefined;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function buildReport(events: LabEvent[], version: string, now = Date.now()): Report {
  const start = events.find((e) => e.type === 'run.start') as Extract<LabEvent, { type: 'run.start' }> | undefined;
  const startedAt = start?.at ?? events[0]?.at ?? now;
  const end = [...events].reverse().find((e) => e.type === 'run.end') as Extract<LabEvent, { type: 'run.end' }> | undefined;
  const endedAt = events.at(-1)?.at ?? now;
  const steps: Report['steps'] = [];
  const checks: ReportCheck[] = [];
  const answers: Report['answers'] = [];
  const questions = new Map<string, string>();
  let criteria: Extract<LabEvent, { type: 'criteria' }> | undefined;
  let outcome: Report['outcome'];
  const open = new Map<string, number>();
  const commands: ReportCommand[] = [];
  const points: ReportPoint[] = [];
  const readings: ReportReading[] = [];
  let current: string | undefined;
  for (const e of events) {
    switch (e.type) {
      case 'step.start':
        open.set(e.step, steps.length);
        current = e.step;
        steps.push({ id: e.step, title: e.title, kind: e.kind, ok: null, startedAt: iso(e.at ?? now), seconds: 0, index: e.index, text: e.text });
        break;
      case 'kubectl':
        commands.push({ by: e.by, argv: e.argv, exitCode: e.exitCode, step: current, output: trimOutput(e.stdout, e.stderr) });
        break;
      case 'points':
        if (current) points.push(...e.points.map((p) => ({ step: current!, label: p.label, line: p.line, text: p.text, value: p.value })));
        break;
      case 'kernel':
        if (current) readings.push(...e.readings.map((r) => ({ step: current!, file: r.file, value: r.value, meaning: r.meaning })));
        break;
      case 'step.done': {
        if (e.step === current) current = undefined;
        const s = steps[open.get(e.step) ?? -1];
        if (s) Object.assign(s, { ok: e.ok, reason: e.reason, seconds: ((e.at ?? now) - Date.parse(s.startedAt)) / 1000 });
        break;
      }
      case 'check':
        checks.push({ step: e.step, check: e.check, ok: e.ok, message: e.message, ...(e.ok ? {} : expectedGot(e.message)), note: e.note, lookAt: e.lookAt });
        break;
      case 'criteria':
        criteria = e;
        break;
      case 'question':
        questions.set(e.step, e.ask);
        break;
      case 'answer': {
        const before = answers.find((a) => a.step === e.step);
        const entry = { step: e.step, question: questions.get(e.step) ?? '', given: e.given, correct: e.correct, attempts: e.attempt, hints: (before?.hints ?? 0) + (e.hint ? 1 : 0), revealed: e.revealed };
        if (before) Object.assign(before, entry);
        else answers.push(entry);
        break;
      }
      case 'exercise.end':
        outcome = e.outcome;
        break;
      case 'interrupted':
        outcome = 'interrupted';
        break;
    }
  }
  // An exercise graded live has no check events of its own: its last criteria are its test cases.
  if (criteria && !checks.some((c) => c.step === 'exercise')) {
    for (const i of criteria.items) checks.push({ step: 'exercise', check: i.name, ok: i.ok, message: i.message, ...(i.ok ? {} : expectedGot(i.message)), note: i.note, lookAt: i.lookAt, guard: i.guard });
  }
  const of = <T extends LabEvent['type']>(type: T) => events.filter((e): e is Extract<LabEvent, { type: T }> => e.type === type);
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    kubelab: version,
    scenario: start?.scenario ?? 'unknown',
    title: start?.title ?? '',
    mode: start?.mode ?? 'unknown',
    cluster: start?.cluster ?? '',
    startedAt: iso(startedAt),
    endedAt: iso(endedAt),
    seconds: (endedAt - startedAt) / 1000,
    ok: end?.ok ?? false,
    outcome,
    steps,
    checks,
    answers,
    hints: of('hint').map((h) => ({ tier: h.tier, of: h.of, text: h.text })),
    commands,
    points,
    ...(readings.length > 0 ? { readings } : {}),
    summary: of('summary').flatMap((s) => s.points),
  };
}
