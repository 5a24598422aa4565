// One kubelab at a time per lab cluster: a lock file under the runtime directory names who holds
// it. A lock left by a kubelab that died is taken over; a live one is refused with who holds it.
import { closeSync, linkSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { LabError } from '../errors.js';
import type { Settings } from '../settings.js';

interface Holder {
  pid: number;
  command: string;
  since: number;
}

export const lockPath = (settings: Settings): string => join(settings.runtimeDir, `lock-${settings.clusterName}.json`);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Creates the lock file, failing with EEXIST if it is there: written whole beside it, then linked
 * into place, so it appears with its holder in it or not at all (a folder without hard links gets
 * an exclusive create instead).
 */
function create(path: string, holder: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  write(tmp, 'w', holder);
  try {
    linkSync(tmp, path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw error;
    write(path, 'wx', holder);
  } finally {
    rmSync(tmp, { force: true });
  }
}

function write(path: string, flags: string, text: string): void {
  const fd = openSync(path, flags, 0o600);
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
}

/** Takes the lab cluster's lock for this process; returns the release (also run when the process exits). */
export function acquireLabLock(settings: Settings, command: string): () => void {
  const path = lockPath(settings);
  mkdirSync(settings.runtimeDir, { recursive: true, mode: 0o700 });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      create(path, JSON.stringify({ pid: process.pid, command, since: Date.now() } satisfies Holder));
      const release = () => {
        try {
          if ((JSON.parse(readFileSync(path, 'utf8')) as Holder).pid === process.pid) rmSync(path, { force: true });
        } catch {
          // already gone
        }
      };
      process.once('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let holder: Holder | undefined;
      try {
        holder = JSON.parse(readFileSync(path, 'utf8')) as Holder;
      } catch {
        holder = undefined;
      }
      if (holder && holder.pid !== process.pid && alive(holder.pid)) {
        const since = new Date(holder.since).toLocaleTimeString();
        throw new LabError(
          `Another kubelab is using the lab cluster "${settings.clusterName}": ${holder.command} (pid ${holder.pid}, since ${since}).`,
          `Let it finish or stop it (Ctrl+C in its terminal), then run this again. To work on a second cluster at the same time: --cluster <another name>.`,
          4,
        );
      }
      rmSync(path, { force: true }); // left by a kubelab that is gone
    }
  }
  throw new LabError(`kubelab could not take the lock ${path}.`, 'Remove that file if no kubelab is running, then try again.');
}
