// --record <file.cast>: everything kubelab writes to stdout while a command runs, a marker at each
// step, and the run's report in the header for `kubelab handout`. Written once at the end, atomically,
// also after Ctrl+C or a failure (and, as a last resort, when the process exits without finishing).
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { Emit, LabEvent } from '../engine/events.js';
import { LabError } from '../errors.js';
import { buildReport } from '../report/build.js';
import { Cast, type CastHeader } from './cast.js';
import { teeWrites } from './tee.js';

/** The header key that carries kubelab's own data; asciinema keeps it and ignores it. */
export const HEADER_KEY = 'kubelab';

export const DEFAULT_SIZE = { width: 100, height: 30 } as const;

export interface Recording {
  /** Feed every event of the run: a step's start becomes a marker; all of them make the report. */
  emit: Emit;
  /** Stops capturing and writes the file; returns its absolute path. Later calls return the same path. */
  finish(): string;
}

export interface RecordingOptions {
  file: string;
  version: string;
  stream?: NodeJS.WriteStream;
  env?: NodeJS.ProcessEnv;
  clock?: () => number;
  /** Said on stderr once the file is written (by finish or at exit). */
  said?: (path: string) => void;
}

/** The marker a step gets: its place and title, e.g. "4/13 Look at the pod". */
export function markerLabel(e: Extract<LabEvent, { type: 'step.start' }>): string {
  return `${e.index + 1}/${e.total} ${e.title}`;
}

export function startRecording(options: RecordingOptions): Recording {
  const stream = options.stream ?? process.stdout;
  const env = options.env ?? process.env;
  const path = resolve(options.file);
  const started = Date.now();
  const cast = new Cast(options.clock);
  const events: LabEvent[] = [];
  const size = stream.isTTY && stream.columns > 0 && stream.rows > 0 ? { width: stream.columns, height: stream.rows } : DEFAULT_SIZE;
  const onResize = () => cast.resize(stream.columns, stream.rows);
  stream.on('resize', onResize);
  const tmp = `${path}.${process.pid}.tmp`;
  // Find out now, before a cluster is made, whether the file can be written at all.
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(tmp, '');
  } catch (error) {
    throw new LabError(`kubelab can't write the recording ${path}: ${(error as Error).message}`, 'Pick a file in a folder you can write to, e.g. --record ./lab.cast', 2);
  }
  const untee = teeWrites(stream, (text) => cast.output(text));
  let written = false;

  const write = (): string => {
    if (written) return path;
    written = true;
    untee();
    stream.off('resize', onResize);
    process.off('exit', atExit);
    const start = events.find((e) => e.type === 'run.start');
    const header: CastHeader = {
      version: 2,
      ...size,
      timestamp: Math.floor(started / 1000),
      title: start?.type === 'run.start' ? `kubelab · ${start.title}` : 'kubelab',
      env: Object.fromEntries(['SHELL', 'TERM'].flatMap((k) => (env[k] ? [[k, env[k]]] : []))),
      [HEADER_KEY]: { report: buildReport(events, options.version, started + cast.duration * 1000) },
    };
    try {
      writeFileSync(tmp, cast.render(header));
      renameSync(tmp, path);
    } catch (error) {
      rmSync(tmp, { force: true });
      throw error;
    }
    options.said?.(path);
    return path;
  };
  // A process.exit() that skips the command's own cleanup (a closed pipe, a second Ctrl+C) still leaves the file.
  const atExit = () => {
    try {
      write();
    } catch (error) {
      process.stderr.write(`kubelab could not write the recording ${basename(path)}: ${(error as Error).message}\n`);
    }
  };
  process.once('exit', atExit);

  return {
    emit(event) {
      events.push(event);
      if (event.type === 'step.start') cast.marker(markerLabel(event));
    },
    finish: write,
  };
}
