// Faults caused for real: the node container killed during a watch, paused during an exercise,
// Docker itself stopped. Each time kubelab says what happened and what to do, leaves no process
// behind, and once the fault is undone a rerun works.
import { execa } from 'execa';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LabEvent } from '../../src/engine/events.js';
import { cli, cliPath, cluster, env, home, jsonEvents, kubectl, recordTimings, root } from './helpers.js';

const node = `${cluster}-control-plane`;
const docker = (...args: string[]) => execa('docker', args, { env, extendEnv: false, reject: false, timeout: 120_000 });
const timings: Record<string, number> = {};
afterAll(() => recordTimings(timings));

/** Starts kubelab with --json and resolves once an event passes `ready`. */
function startUntil(args: string[], ready: (e: LabEvent) => boolean) {
  const child = execa('node', [cliPath, ...args], { env, extendEnv: false, reject: false, input: '' });
  let out = '';
  const seen = new Promise<void>((resolve) => child.stdout!.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    if (jsonEvents(out).some(ready)) resolve();
  }));
  return { child, seen, output: () => out };
}

async function nodeReady(): Promise<void> {
  const deadline = Date.now() + 4 * 60_000;
  while (Date.now() < deadline) {
    if ((await kubectl('wait', '--for=condition=Ready', 'node', '--all', '--timeout=20s')).exitCode === 0) return;
    await new Promise((r) => setTimeout(r, 2000));
  }
  throw new Error('the node did not come back Ready');
}

/** No kubectl or kind started by kubelab is left running. */
async function noStrayChildren(): Promise<void> {
  const ps = await execa('ps', ['-eo', 'args'], { reject: false });
  expect(ps.stdout.split('\n').filter((l) => l.includes(join(home, 'kubeconfig')) && /kubectl/.test(l))).toEqual([]);
}

describe('faults on the real cluster', () => {
  it('the node container killed during the watch: the message names it and the fix; a rerun recovers', async () => {
    const started = Date.now();
    const run = startUntil(['run', 'oom-killed', '--auto', '--json'], (e) => e.type === 'step.start' && e.step === 'fixed-running');
    await run.seen;
    expect((await docker('kill', node)).exitCode).toBe(0);
    const result = await run.child;
    expect(result.exitCode).toBe(1);
    const events = jsonEvents(run.output());
    const failed = events.find((e): e is Extract<LabEvent, { type: 'step.done' }> => e.type === 'step.done' && !e.ok)!;
    expect(failed.reason).toMatch(/^The lab cluster's node container kubelab-ci-control-plane stopped \(exit code \d+/);
    expect(failed.todo).toContain(`docker start ${node}`);
    expect(events.some((e) => e.type === 'summary')).toBe(false);
    expect((events.at(-1) as Extract<LabEvent, { type: 'run.end' }>).clusterState).not.toContain('is still running');
    await noStrayChildren();
    expect((await docker('start', node)).exitCode).toBe(0);
    await nodeReady();
    const again = await cli(['run', 'oom-killed', '--auto', '--json']);
    expect(again.exitCode, String(again.stdout).slice(-1500)).toBe(0);
    timings.fault_node_killed_total = (Date.now() - started) / 1000;
  });

  it('the node container paused during an exercise: kubelab notices within seconds, not at a timeout', async () => {
    const started = Date.now();
    const run = startUntil(['exercise', 'oom-killed', '--json', '--fresh', '--workdir', join(home, 'faults-work')], (e) => e.type === 'criteria');
    await run.seen;
    const paused = Date.now();
    expect((await docker('pause', node)).exitCode).toBe(0);
    try {
      const result = await run.child;
      timings.fault_pause_noticed_s = (Date.now() - paused) / 1000;
      expect(result.exitCode).toBe(1);
      const end = jsonEvents(run.output()).at(-1) as Extract<LabEvent, { type: 'run.end' }>;
      expect(end.clusterState).toMatch(/node container kubelab-ci-control-plane is paused.*docker unpause kubelab-ci-control-plane.*Your exercise stays open/);
      expect(timings.fault_pause_noticed_s).toBeLessThan(90);
    } finally {
      await docker('unpause', node);
    }
    await noStrayChildren();
    await nodeReady();
    timings.fault_pause_total = (Date.now() - started) / 1000;
  });

  // Only a dockerd the tier started itself is stopped (never a developer's own): elsewhere this is skipped.
  const pidfile = process.env.KUBELAB_DOCKERD_PIDFILE;
  it.runIf(pidfile !== undefined && existsSync(pidfile))('Docker itself stopped: doctor says so without blaming the memory; started again, the lab works', async () => {
    const started = Date.now();
    const pid = Number(readFileSync(pidfile!, 'utf8'));
    process.kill(pid, 'SIGTERM');
    // Gone means the process has exited, not only that the socket stopped answering.
    // (a zombie counts as gone: it holds no socket and no pid file, and nobody may reap it here)
    const alive = () => {
      try { return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8')); } catch { return false; }
    };
    for (let i = 0; i < 60 && alive(); i++) await new Promise((r) => setTimeout(r, 1000));
    expect(alive()).toBe(false);
    const doctor = await cli(['doctor']);
    expect(doctor.exitCode).toBe(3);
    expect(doctor.stdout).toMatch(/✗ docker\s+the Docker daemon is not reachable/);
    expect(doctor.stdout).toMatch(/✓ memory/);
    const lesson = await cli(['start', 'oom-killed', '--plain'], { input: '\n' });
    expect(lesson.exitCode).toBe(3);
    expect(lesson.stderr).toContain('Start the Docker daemon');
    // Start it the way the tier did, then the node, then the lab works again.
    const up = await execa('bash', ['-c', 'source test/real-cluster/provision.sh && start_dockerd'], { cwd: root, reject: false, env: process.env });
    expect(up.exitCode, up.stderr).toBe(0);
    expect((await docker('start', node)).exitCode).toBe(0);
    await nodeReady();
    expect((await cli(['check', 'oom-killed'])).exitCode).toBeLessThanOrEqual(1);
    timings.fault_docker_stopped_total = (Date.now() - started) / 1000;
  });
});
