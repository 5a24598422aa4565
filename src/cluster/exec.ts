// The one door to child processes. Argument arrays only, never a shell; every call has a timeout,
// follows the run's cancel signal, and is force-killed if it ignores SIGTERM.
import { execa, type ResultPromise } from '../vendor/execa.js';
import { Interrupted } from '../errors.js';
import { KILL_GRACE_MS, track } from './children.js';

export interface ExecResult {
  command: string;
  exitCode: number;
  stdout: string;
  stderr: string;
  /** The program was not found on PATH. */
  notFound: boolean;
  timedOut: boolean;
}

export interface ExecOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  env?: Record<string, string>;
  cwd?: string;
  onStdoutLine?: (line: string) => void;
  onStderrLine?: (line: string) => void;
}


function start(file: string, args: string[], options: ExecOptions): ResultPromise {
  const child = execa(file, args, {
    reject: false,
    stdin: 'ignore',
    timeout: options.timeoutMs,
    cancelSignal: options.signal,
    forceKillAfterDelay: KILL_GRACE_MS,
    env: options.env,
    cwd: options.cwd,
    stripFinalNewline: false,
    windowsHide: true,
  });
  track(child);
  if (options.onStdoutLine) splitLines(child.stdout, options.onStdoutLine);
  if (options.onStderrLine) splitLines(child.stderr, options.onStderrLine);
  return child;
}

function splitLines(stream: NodeJS.ReadableStream | null, onLine: (line: string) => void): void {
  if (!stream) return;
  let rest = '';
  stream.on('data', (chunk: Buffer) => {
    rest += chunk.toString('utf8');
    let newline = rest.indexOf('\n');
    while (newline >= 0) {
      onLine(rest.slice(0, newline).replace(/\r$/, ''));
      rest = rest.slice(newline + 1);
      newline = rest.indexOf('\n');
    }
  });
  stream.on('end', () => {
    if (rest !== '') onLine(rest);
    rest = '';
  });
}

async function settle(child: ResultPromise, file: string, args: string[], signal?: AbortSignal): Promise<ExecResult> {
  const result = await child;
  if (result.isCanceled || signal?.aborted) throw new Interrupted();
  const notFound = (result as { code?: string }).code === 'ENOENT';
  return {
    command: [file, ...args].join(' '),
    exitCode: result.exitCode ?? (notFound ? 127 : 1),
    stdout: String(result.stdout ?? ''),
    stderr: notFound ? `${file}: command not found` : String(result.stderr ?? ''),
    notFound,
    timedOut: result.timedOut,
  };
}

/** Runs a program to the end. Never rejects for a failing program: read exitCode. */
export async function run(file: string, args: string[], options: ExecOptions): Promise<ExecResult> {
  return settle(start(file, args, options), file, args, options.signal);
}

export interface Streaming {
  /** Ends the program (SIGTERM, then SIGKILL after a grace delay). */
  stop(): void;
  done: Promise<ExecResult & { stopped: boolean }>;
}

/** Starts a long-running program (a watch) whose lines arrive through the callbacks. */
export function stream(file: string, args: string[], options: ExecOptions): Streaming {
  const child = start(file, args, options);
  let stopped = false;
  return {
    stop() {
      stopped = true;
      child.kill();
    },
    done: settle(child, file, args, options.signal).then((r) => ({ ...r, stopped })),
  };
}

/** Hands the terminal to a program (the learner's shell) until it exits; its exit code is returned. */
export async function interactive(file: string, args: string[], options: { env: Record<string, string>; cwd?: string }): Promise<number> {
  const result = await execa(file, args, { stdio: 'inherit', reject: false, env: options.env, extendEnv: false, cwd: options.cwd });
  return result.exitCode ?? 1;
}
