// A throwaway home for one measured run: the stand-in kind, kubectl and docker first on PATH, and
// kubelab's home, state, runtime and stand-in state in a temp folder, so every run starts alike.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export function makeSandbox(root) {
  const dir = mkdtempSync(join(tmpdir(), 'kubelab-bench-'));
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  mkdirSync(join(dir, 'user'));
  for (const tool of ['kind', 'kubectl', 'docker']) symlinkSync(join(root, 'test', 'fixtures', 'bin', tool), join(bin, tool));
  symlinkSync(process.execPath, join(bin, 'node'));
  const state = join(dir, 'fake-state');
  const env = {
    PATH: `${bin}:/usr/bin:/bin`,
    HOME: join(dir, 'user'),
    KUBELAB_HOME: join(dir, 'kubelab'),
    XDG_STATE_HOME: join(dir, 'state'),
    XDG_RUNTIME_DIR: join(dir, 'run'),
    KUBELAB_FAKE_STATE: state,
    KUBELAB_TIME_SCALE: '0.05',
    FAKE_TIME_SCALE: '0.02',
    TERM: 'xterm-256color',
    LANG: 'C.UTF-8',
  };
  return { dir, env, state };
}

/** Waits (a little) for stand-ins a stopped kubelab leaves to end, so they don't load the next run, then removes the folder. */
export async function dropSandbox(box) {
  const procs = join(box.state, 'procs');
  for (let i = 0; i < 100 && existsSync(procs) && readdirSync(procs).length > 0; i += 1) await sleep(50);
  rmSync(box.dir, { recursive: true, force: true });
}
