// Reads what `kubelab handout` is given: a recording made with --record (asciicast v2 with the
// report in its header) or a JSON report made with --report. Pure: text in, report or a problem out.
import { z } from '../vendor/zod.js';
import { REPORT_SCHEMA_VERSION, type Report } from './build.js';

export interface Marker {
  seconds: number;
  label: string;
}

export type HandoutInput =
  | { kind: 'recording'; report: Report; markers: Marker[] }
  | { kind: 'report'; report: Report };

/** Why the file can't make a handout, and what to give instead. */
export interface InputProblem {
  problem: string;
  remedy: string;
}

const GIVE = 'Give a recording made with --record <file>.cast, or a JSON report made with --report <file>.json (kubelab run, start or demo).';

// The parts of a report (schemas/report.schema.json) a handout reads; other keys are let through.
const reportShape = z.looseObject({
  schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
  kubelab: z.string(),
  scenario: z.string(),
  title: z.string(),
  mode: z.string(),
  cluster: z.string(),
  startedAt: z.string(),
  endedAt: z.string(),
  seconds: z.number(),
  ok: z.boolean(),
  steps: z.array(z.looseObject({ id: z.string(), title: z.string(), kind: z.string(), ok: z.boolean().nullable(), startedAt: z.string(), seconds: z.number(), index: z.number().optional(), text: z.string().optional() })),
  checks: z.array(z.looseObject({ step: z.string(), check: z.string(), ok: z.boolean(), message: z.string() })),
  answers: z.array(z.looseObject({ step: z.string(), question: z.string(), given: z.string(), correct: z.boolean(), attempts: z.number(), hints: z.number() })),
  hints: z.array(z.looseObject({ tier: z.number(), of: z.number(), text: z.string() })),
  commands: z.array(z.looseObject({ by: z.string(), argv: z.array(z.string()), exitCode: z.number(), step: z.string().optional(), output: z.string().optional() })),
  points: z.array(z.looseObject({ step: z.string(), label: z.string(), line: z.number(), text: z.string(), value: z.string() })).optional(),
  kernel: z.array(z.looseObject({
    step: z.string(), node: z.string(), cgroupVersion: z.number(), cgroup: z.string(),
    readings: z.array(z.looseObject({ file: z.string(), value: z.string(), meaning: z.string() })), log: z.array(z.string()),
  })).optional(),
  summary: z.array(z.string()),
});

function asReport(value: unknown, name: string, where: string): Report | InputProblem {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { problem: `${name}: ${where} is not a kubelab report.`, remedy: GIVE };
  const version = (value as { schemaVersion?: unknown }).schemaVersion;
  if (typeof version === 'number' && version > REPORT_SCHEMA_VERSION) {
    return { problem: `${name}: ${where} is a report of schema version ${version}; this kubelab reads version ${REPORT_SCHEMA_VERSION}.`, remedy: 'Make the handout with the kubelab that made the file (kubelab --version).' };
  }
  const parsed = reportShape.safeParse(value);
  if (parsed.success) return parsed.data as Report;
  const issue = parsed.error.issues[0]!;
  const path = issue.path.join('.');
  return { problem: `${name}: ${where} is not a kubelab report (${path || 'the top level'}: ${issue.message}).`, remedy: GIVE };
}

const isProblem = (x: object): x is InputProblem => 'problem' in x;

/** A recording: its header must be asciicast v2 and carry the report kubelab put there. */
export function readCast(text: string, name: string): HandoutInput | InputProblem {
  const lines = text.split('\n');
  let header: unknown;
  try {
    header = JSON.parse(lines[0] ?? '');
  } catch {
    return { problem: `${name} is not an asciicast recording: its first line is not a JSON header.`, remedy: GIVE };
  }
  const version = (header as { version?: unknown } | null)?.version;
  if (typeof header !== 'object' || header === null || Array.isArray(header) || typeof version !== 'number') {
    return { problem: `${name} is not an asciicast recording: its first line has no format version.`, remedy: GIVE };
  }
  if (version !== 2) {
    return { problem: `${name} is an asciicast v${version} recording; kubelab records and reads v2.`, remedy: 'Use the .cast file kubelab wrote with --record.' };
  }
  const own = (header as Record<string, unknown>).kubelab as { report?: unknown } | undefined;
  if (own?.report === undefined) {
    return { problem: `${name} is an asciicast recording, but not one kubelab made: its header carries no kubelab report.`, remedy: 'Record the lab with kubelab itself, e.g. kubelab run oom-killed --auto --record lab.cast' };
  }
  const report = asReport(own.report, name, 'the report in its header');
  if (isProblem(report)) return report;
  const markers: Marker[] = [];
  for (const [i, line] of lines.slice(1).entries()) {
    if (line.trim() === '') continue;
    let event: unknown;
    try {
      event = JSON.parse(line);
    } catch {
      return { problem: `${name}: line ${i + 2} is not an asciicast event.`, remedy: 'The recording is damaged; record the lab again.' };
    }
    if (!Array.isArray(event) || typeof event[0] !== 'number' || typeof event[1] !== 'string') {
      return { problem: `${name}: line ${i + 2} is not an asciicast event ([seconds, type, data]).`, remedy: 'The recording is damaged; record the lab again.' };
    }
    if (event[1] === 'm') markers.push({ seconds: event[0], label: String(event[2]) });
  }
  return { kind: 'recording', report, markers };
}

/** A JSON report written with --report. */
export function readReport(text: string, name: string): HandoutInput | InputProblem {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { problem: `${name} is not JSON, so it is not a kubelab report.`, remedy: GIVE };
  }
  const report = asReport(value, name, 'the file');
  return isProblem(report) ? report : { kind: 'report', report };
}

/** Either kind, told apart by the content (a recording's first line is an asciicast header) or, failing that, by the name. */
export function readHandoutInput(text: string, name: string): HandoutInput | InputProblem {
  const trimmed = text.trimStart();
  if (trimmed === '') return { problem: `${name} is empty.`, remedy: GIVE };
  if (/\.(md|markdown)$/i.test(name) || /\.xml$/i.test(name)) {
    return { problem: `${name} is a ${/\.xml$/i.test(name) ? 'JUnit' : 'Markdown'} report; a handout is made from the JSON report or a recording.`, remedy: GIVE };
  }
  const firstLine = trimmed.split('\n', 1)[0]!;
  const oneLineHeader = (() => {
    try {
      const v = JSON.parse(firstLine) as unknown;
      // An asciicast header: a format version and the terminal's size (v2 width, v3 term).
      return typeof v === 'object' && v !== null && typeof (v as { version?: unknown }).version === 'number' && ('width' in v || 'term' in v);
    } catch {
      return false;
    }
  })();
  return oneLineHeader || /\.cast$/i.test(name) ? readCast(trimmed, name) : readReport(text, name);
}
