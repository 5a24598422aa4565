// A run as a Markdown handout for the people who watched it: per step what it says, the commands
// with their output, the lines that mattered, the questions with their answers and the checks; then
// what to remember. From a recording, each step also gets the time it starts in the recording. Pure.
import type { Report, ReportCheck } from './build.js';
import type { Marker } from './read.js';
import { shellWord } from '../record/shell-word.js';
import { POINT_LABELS } from '../plain/format.js';

export interface HandoutSource {
  /** The recording's file name as the reader should type it, and its step markers. */
  recording?: { file: string; markers: Marker[] };
}

// The words the plain reporter uses for the lines it points at.

const MODES: Record<string, string> = { learn: 'a guided lesson', auto: 'an unattended run', demo: 'a demo', exercise: 'an exercise', check: 'a check' };

/** "1:05" (or "1:02:05"): a time in a recording, as players show it. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const hms = [Math.floor(s / 3600), Math.floor(s / 60) % 60, s % 60];
  const [h, m, sec] = hms as [number, number, number];
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}` : `${m}:${String(sec).padStart(2, '0')}`;
}

/** An inline code span that survives backticks in the text. */
function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A fenced block that survives backtick fences in the text. */
function block(text: string, info = ''): string[] {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  return [`${fence}${info}`, ...text.split('\n'), fence];
}

const line = (text: string) => text.replace(/\s*\n\s*/g, ' ').trim();

function checkLines(c: ReportCheck): string[] {
  return [
    `- ${c.ok ? '✓' : '✗'} ${c.guard ? '(guard) ' : ''}${line(c.message)}`,
    ...(c.note ? [`  - ${line(c.note)}`] : []),
    ...(!c.ok && c.expected ? [`  - expected ${line(c.expected)}, got ${line(c.got ?? '')}`] : []),
    ...(!c.ok && c.lookAt ? [`  - look at: ${code(c.lookAt)}`] : []),
  ];
}

function commandLines(commands: Report['commands']): string[] {
  if (commands.length === 0) return [];
  const body = commands.map((c) => [`$ ${c.argv.map(shellWord).join(' ')}`, ...(c.output ? [c.output] : []), ...(c.exitCode !== 0 ? [`(exit code ${c.exitCode})`] : [])].join('\n'));
  return ['', ...block(body.join('\n\n'), 'console')];
}

/** Where each step starts in the recording: markers and steps come from the same step events, in the same order. */
function stepTimes(report: Report, markers: Marker[]): (number | undefined)[] {
  return report.steps.map((s, i) => {
    const byOrder = markers[i];
    const n = (s.index ?? i) + 1;
    if (byOrder && byOrder.label.startsWith(`${n}/`)) return byOrder.seconds;
    return markers.find((m) => m.label.startsWith(`${n}/`) && m.label.endsWith(s.title))?.seconds;
  });
}

export function handoutMarkdown(report: Report, source: HandoutSource = {}): string {
  const { recording } = source;
  const started = new Date(report.startedAt);
  const when = Number.isNaN(started.getTime()) ? report.startedAt : `${started.toISOString().slice(0, 10)} at ${started.toISOString().slice(11, 16)} UTC`;
  const passed = report.checks.filter((c) => c.ok).length;
  const out = [
    `# ${report.title || report.scenario}`,
    '',
    `A handout for the kubelab lab ${code(report.scenario)}, from ${MODES[report.mode] ?? `a ${report.mode} run`} on ${when} that took ${Math.round(report.seconds)} s: ` +
      `${report.ok ? 'it passed' : report.outcome === 'interrupted' ? 'it was stopped part-way' : 'it did not pass'}, ${passed} of ${report.checks.length} check(s) held.`,
  ];
  if (recording) {
    out.push('', `The recording is ${code(recording.file)}: ${code(`asciinema play ${shellWord(recording.file)}`)} plays it. The time beside each step is where that step starts in it.`);
  }

  const byStep = <T extends { step?: string }>(items: T[], id: string) => items.filter((x) => x.step === id);
  const setup = report.commands.filter((c) => c.step === undefined);
  if (setup.length > 0) out.push('', '## Before the first step', ...commandLines(setup));

  const times = recording ? stepTimes(report, recording.markers) : [];
  for (const [i, s] of report.steps.entries()) {
    const at = times[i];
    out.push('', `## ${(s.index ?? i) + 1}. ${line(s.title)}${at === undefined ? '' : ` · ${clock(at)}`}`);
    if (s.text) out.push('', s.text.trim());
    out.push(...commandLines(byStep(report.commands, s.id)));
    const points = byStep(report.points ?? [], s.id);
    if (points.length > 0) {
      out.push('', 'The lines that matter:', '');
      for (const p of points) out.push(`- line ${p.line}: ${code(p.text.trim())}${POINT_LABELS[p.label] ? `, ${POINT_LABELS[p.label]}` : ''}`);
    }
    const readings = byStep(report.readings ?? [], s.id);
    if (readings.length > 0) {
      out.push('', 'What the kernel holds:', '');
      for (const r of readings) out.push(`- ${code(r.file)} ${code(r.value)}: ${line(r.meaning)}`);
    }
    const answer = report.answers.find((a) => a.step === s.id);
    if (answer) {
      const tries = answer.attempts > 1 || answer.hints > 0 ? ` (${answer.attempts} tries, ${answer.hints} hint(s))` : '';
      const given = answer.correct ? `${line(answer.given)}${tries}` : answer.revealed ? `${line(answer.revealed)} (the answer given was ${code(answer.given)})` : `not found in this run (the answer given was ${code(answer.given)})`;
      out.push('', `**Question:** ${line(answer.question)}`, '', `**Answer:** ${given}`);
    }
    const checks = byStep(report.checks, s.id);
    if (checks.length > 0) out.push('', '**Checks on the cluster:**', '', ...checks.flatMap(checkLines));
    if (s.ok === false) out.push('', `This step did not pass${s.reason ? `: ${line(s.reason)}` : ''}.`);
  }

  const stepIds = new Set(report.steps.map((s) => s.id));
  const other = report.checks.filter((c) => !stepIds.has(c.step));
  if (other.length > 0) out.push('', '## Checks', '', ...other.flatMap(checkLines));
  if (report.hints.length > 0) {
    out.push('', '## Hints used', '');
    for (const h of report.hints) out.push(`- ${h.tier} of ${h.of}: ${line(h.text)}`);
  }
  if (report.summary.length > 0) {
    out.push('', '## What to remember', '');
    report.summary.forEach((s, i) => out.push(`${i + 1}. ${line(s)}`));
  }
  return `${out.join('\n')}\n`;
}
