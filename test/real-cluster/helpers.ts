// Shared by the real-cluster test files, which run one after another on one kind cluster
// (kubelab-ci, created by the first file and deleted by the last): the environment of a learner
// on this machine, kubelab's CLI, kubectl against the API from outside, and the phase timings.
import { execa } from 'execa';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LabEvent } from '../../src/engine/events.js';

export const root = new URL('../../', import.meta.url).pathname;
export const cliPath = join(root, 'dist', 'cli.js');
export const cluster = 'kubelab-ci';

function need(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run test/real-cluster/run.sh, which provisions the cluster inputs`);
  return value;
}

/** kubelab's home for the whole tier (run.sh makes a fresh one): its kubeconfig, state, runtime files. */
export const home = need('KUBELAB_CI_HOME');
mkdirSync(home, { recursive: true });

export const env: Record<string, string> = {
  ...(process.env as Record<string, string>),
  PATH: `${need('REAL_SHIM_DIR')}:${need('REAL_KIND_BIN_DIR')}:${process.env.PATH}`,
  KUBELAB_HOME: home,
  XDG_STATE_HOME: join(home, 'state'),
  XDG_RUNTIME_DIR: join(home, 'run'),
  KUBELAB_NODE_IMAGE: need('KUBELAB_NODE_IMAGE'),
  KUBELAB_KIND_CONFIG: need('KUBELAB_KIND_CONFIG'),
  KUBELAB_CLUSTER: cluster,
};

export const kubeconfig = join(home, 'kubeconfig');

/** kubectl from outside kubelab, against the lab's API. */
export function kubectl(...args: string[]) {
  return execa('kubectl', ['--kubeconfig', kubeconfig, '--context', `kind-${cluster}`, ...args], { reject: false, timeout: 60_000 });
}

export async function apiPod(name: string, namespace = 'default'): Promise<any | undefined> {
  const result = await kubectl('get', 'pod', name, '-n', namespace, '-o', 'json', '--ignore-not-found');
  return result.exitCode === 0 && result.stdout.trim() !== '' ? JSON.parse(result.stdout) : undefined;
}

/** kubelab's CLI as a learner on this machine would run it. */
export function cli(args: string[], options: { env?: Record<string, string>; timeout?: number; input?: string } = {}) {
  return execa('node', [cliPath, ...args], { env: options.env ?? env, extendEnv: false, reject: false, timeout: options.timeout ?? 15 * 60_000, input: options.input });
}

export const jsonEvents = (stdout: unknown): LabEvent[] => String(stdout).split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as LabEvent);

/** Adds phase timings to the tier's file (run.sh prints them all at the end). */
export function recordTimings(timings: Record<string, number | string>): void {
  const file = process.env.KUBELAB_CI_TIMINGS;
  if (!file) return;
  const before = existsSync(file) && readFileSync(file, 'utf8').trim() !== '' ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  writeFileSync(file, `${JSON.stringify({ ...before, ...timings }, null, 2)}\n`);
}
