// Starting kubelab and stopping it at a chosen moment: when its JSON output shows an event, or when
// a stand-in it started is running a given command.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LabEvent } from '../../src/engine/events.js';
import { execa } from 'execa';
import { calls, cliPath, jsonEvents, start, type Sandbox } from './cli.js';

/** Starts kubelab and resolves `seen` when its JSON output shows an event that passes `ready`. */
export function startUntil(box: Sandbox, args: string[], ready: (e: LabEvent) => boolean, input?: string) {
  const child = start(box, args, input);
  let out = '';
  const seen = new Promise<void>((resolve) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (jsonEvents(out).some(ready)) resolve();
    });
  });
  return { child, seen, output: () => out };
}

/** Starts kubelab with its input open, as a learner at a terminal that has not typed everything yet. */
export function startTyping(box: Sandbox, args: string[], typed: string[]) {
  const child = execa(process.execPath, [cliPath, ...args], { env: box.env, extendEnv: false, reject: false, stdin: 'pipe', timeout: 60_000, cwd: box.dir });
  child.stdin!.write(typed.map((l) => `${l}\n`).join(''));
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => void (out += chunk.toString()));
  /** Resolves when the output so far shows an event that passes `ready`. */
  const seen = (ready: (e: LabEvent) => boolean) => new Promise<void>((resolve) => {
    const look = () => (jsonEvents(out).some(ready) ? resolve() : setTimeout(look, 10));
    look();
  });
  return { child, seen, output: () => out };
}

/** The pid of a stand-in still running a call whose argv (joined by spaces) passes `match`, once there is one. */
export async function runningCall(box: Sandbox, tool: string, match: (argv: string) => boolean, timeoutMs = 30_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const call = calls(box).filter((c) => c.tool === tool && match(c.argv.join(' '))).map((c) => (c as { pid?: number }).pid).find((pid) => pid !== undefined && alive(pid));
    if (call !== undefined) return call;
    if (Date.now() > deadline) throw new Error(`no running ${tool} call matched within ${timeoutMs} ms; calls: ${calls(box).map((c) => `${c.tool} ${c.argv.join(' ')}`).join(' | ')}`);
    await new Promise((resolve) => setTimeout(resolve, 15));
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export const stateDir = (box: Sandbox) => join(box.userHome, '.local', 'state', 'kubelab');
export const progressFile = (box: Sandbox) => join(stateDir(box), 'progress.json');

/** kubelab's own files after it stopped: each absent or whole JSON, none left half-written beside them. */
export function leftFiles(box: Sandbox): { progress?: unknown; locks: string[]; partial: string[] } {
  const runDir = join(box.env.XDG_RUNTIME_DIR!, 'kubelab');
  const locks = existsSync(runDir) ? readdirSync(runDir).filter((f) => f.startsWith('lock-')) : [];
  const partial = [stateDir(box), runDir].flatMap((dir) => (existsSync(dir) ? readdirSync(dir) : [])).filter((f) => f.endsWith('.tmp') || f.includes('.damaged-'));
  const progress = existsSync(progressFile(box)) ? JSON.parse(readFileSync(progressFile(box), 'utf8')) : undefined;
  for (const lock of locks) JSON.parse(readFileSync(join(runDir, lock), 'utf8'));
  return { progress, locks, partial };
}
