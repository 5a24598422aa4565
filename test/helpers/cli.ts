// Runs the built CLI as a child process against the stand-ins in test/fixtures/bin, each test in
// its own temporary home, stand-in state and HOME (with a kubeconfig kubelab must never touch).
import { execa, type ResultPromise } from 'execa';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LabEvent } from '../../src/engine/events.js';

export const root = fileURLToPath(new URL('../../', import.meta.url));
export const cliPath = join(root, 'dist', 'cli.js');
export const fixturesBin = join(root, 'test', 'fixtures', 'bin');

export const PERSONAL_KUBECONFIG = `apiVersion: v1
kind: Config
current-context: my-prod
contexts:
- name: my-prod
  context: { cluster: prod, user: me }
clusters:
- name: prod
  cluster: { server: "https://prod.example.invalid:6443" }
users:
- name: me
  user: { token: "do-not-touch" }
`;

export interface Sandbox {
  dir: string;
  home: string;
  state: string;
  userHome: string;
  env: Record<string, string>;
}

/** tools: which stand-ins are on PATH (all three by default). */
export function sandbox(knobs: Record<string, string> = {}, tools: ('kind' | 'kubectl' | 'docker')[] = ['kind', 'kubectl', 'docker']): Sandbox {
  const dir = mkdtempSync(join(tmpdir(), 'kubelab-e2e-'));
  const bin = join(dir, 'bin');
  const userHome = join(dir, 'user');
  mkdirSync(bin);
  mkdirSync(join(userHome, '.kube'), { recursive: true });
  writeFileSync(join(userHome, '.kube', 'config'), PERSONAL_KUBECONFIG);
  for (const tool of tools) symlinkSync(join(fixturesBin, tool), join(bin, tool));
  symlinkSync(process.execPath, join(bin, 'node'));
  const home = join(dir, 'kubelab');
  const state = join(dir, 'state');
  return {
    dir,
    home,
    state,
    userHome,
    env: {
      PATH: bin,
      HOME: userHome,
      KUBELAB_HOME: home,
      // Each test's own runtime directory: its lab lock and demo socket are its own.
      XDG_RUNTIME_DIR: join(dir, 'run'),
      KUBELAB_FAKE_STATE: state,
      KUBELAB_TIME_SCALE: '0.05',
      FAKE_TIME_SCALE: '0.02',
      NO_COLOR: '1',
      CI: 'true',
      ...knobs,
    },
  };
}

export function start(box: Sandbox, args: string[], input?: string): ResultPromise {
  return execa(process.execPath, [cliPath, ...args], {
    env: box.env,
    extendEnv: false,
    reject: false,
    input,
    stdin: input === undefined ? 'ignore' : 'pipe',
    timeout: 60_000,
    cwd: box.dir,
  });
}

export async function runCli(box: Sandbox, args: string[], input?: string) {
  const result = await start(box, args, input);
  const stdout = String(result.stdout);
  return { code: result.exitCode, stdout, stderr: String(result.stderr), events: jsonEvents(stdout) };
}

export function jsonEvents(stdout: string): LabEvent[] {
  return stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as LabEvent);
}

/** Every stand-in invocation, in order, as the argv it received. */
export function calls(box: Sandbox): { tool: string; argv: string[] }[] {
  const log = join(box.state, 'calls.log');
  if (!existsSync(log)) return [];
  return readFileSync(log, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { tool: string; argv: string[] });
}

/** Stand-in processes still alive (each records itself under procs/ while it runs). */
export function liveStandIns(box: Sandbox): number[] {
  const dir = join(box.state, 'procs');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).map(Number).filter((pid) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  });
}

export const of = <T extends LabEvent['type']>(events: LabEvent[], type: T) => events.filter((e): e is Extract<LabEvent, { type: T }> => e.type === type);

export { dirname };
