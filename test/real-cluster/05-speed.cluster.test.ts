// Speed on the warm cluster the earlier files left: the unattended Day-14 lab against the ideal
// hand-written kubectl script that does the same things (apply, kubectl wait, get, describe, the
// kernel's files read once on the node, delete, apply, kubectl wait, the same stable window), paired and interleaved; and how soon a status change
// in the API reaches kubelab, against an outside kubectl watch of the same pods. Ratios and
// differences inside one run only. The cluster is left as it was found: usable, the lab's pods gone.
import { execa, type ResultPromise } from 'execa';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePod, parseWatchLine } from '../../src/cluster/parse-pod.js';
import { parseDuration } from '../../src/engine/durations.js';
import type { LabEvent } from '../../src/engine/events.js';
import { latestTermination } from '../../src/engine/facts.js';
import { resolveScenario } from '../../src/scenario/catalog.js';
import { cliPath, cluster, env, jsonEvents, kubeconfig, kubectl, recordTimings, root } from './helpers.js';

const PAIRS = 3;
const TARGET = 1.05;
const GATE = 1.1;
const scenario = resolveScenario('oom-killed');
const goal = scenario.steps.find((s) => s.kind === 'watch' && s.goal);
if (goal?.kind !== 'watch' || goal.stableFor === undefined) throw new Error('oom-killed has no goal watch with a stable window');
const stableSeconds = parseDuration(goal.stableFor) / 1000;
const pods = ['oom-killed-pod', 'oom-killed-fixed-pod'];
const timings: Record<string, number | string> = {};
afterAll(() => recordTimings(timings));

/** What a person would write by hand for the same lab: the same objects, the same waits, nothing else. */
const IDEAL = `#!/usr/bin/env bash
set -euo pipefail
k() { kubectl --kubeconfig "${kubeconfig}" --context "kind-${cluster}" --namespace default "$@"; }
dir="${join(root, 'scenarios', 'oom-killed')}"
k apply -f "$dir/issue.yaml"
# killed and restarted: lastState is set only once kubelet has restarted the container
k wait --for=jsonpath='{.status.containerStatuses[0].lastState.terminated.reason}'=OOMKilled pod/oom-killed-pod --timeout=180s
k get pod oom-killed-pod
k describe pod oom-killed-pod
# the kernel's side, read on the node as the lesson does: the node alive, the pod's memory cgroup, the kernel log
node=${cluster}-control-plane
docker inspect -f '{{.State.Status}}' "$node"
uid=$(k get pod oom-killed-pod -o jsonpath='{.metadata.uid}')
root=/sys/fs/cgroup; [ "$(docker exec "$node" stat -fc %T /sys/fs/cgroup)" = cgroup2fs ] || root=/sys/fs/cgroup/memory
cg=$(docker exec "$node" find "$root" -maxdepth 9 -type d -name "*pod\${uid//-/_}.slice")
docker exec "$node" grep -H . "$cg/memory.max" "$cg/memory.events" "$cg/memory.limit_in_bytes" "$cg/memory.failcnt" "$cg/memory.oom_control" || true
docker exec "$node" dmesg | grep -c 'Memory cgroup out of memory' || true
k delete pod oom-killed-pod --grace-period=0 --force --ignore-not-found
k apply -f "$dir/fix.yaml"
k wait --for=condition=Ready pod/oom-killed-fixed-pod --timeout=180s
sleep ${stableSeconds}
`;
const script = join(mkdtempSync(join(tmpdir(), 'kubelab-ideal-')), 'ideal.sh');
writeFileSync(script, IDEAL, { mode: 0o755 });

/** Both pods gone from the API, so every run starts from the same state (outside the timing). */
async function clean(): Promise<void> {
  await kubectl('delete', 'pod', ...pods, '--grace-period=0', '--force', '--ignore-not-found');
  for (const deadline = Date.now() + 120_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 500))) {
    const left = await kubectl('get', 'pods', '-o', 'name');
    if (!pods.some((p) => left.stdout.includes(`pod/${p}`))) return;
  }
  throw new Error('the lab pods did not go away');
}

interface Seen {
  at: number;
  pod: string;
  oomKilled: boolean;
  ready: boolean;
}

/** An outside kubectl watch on the namespace's pods: when each change reached this process. */
function watchFromOutside(): { seen: Seen[]; stop(): Promise<void> } {
  const seen: Seen[] = [];
  const child: ResultPromise = execa('kubectl', ['--kubeconfig', kubeconfig, '--context', `kind-${cluster}`, '--namespace', 'default', 'get', 'pods', '--watch', '--output-watch-events', '-o', 'json'], { env, extendEnv: false, reject: false });
  let rest = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    const at = Date.now();
    rest += chunk.toString();
    const lines = rest.split('\n');
    rest = lines.pop()!;
    for (const line of lines) {
      const event = parseWatchLine(line);
      if (!event || (event.type !== 'ADDED' && event.type !== 'MODIFIED')) continue;
      const facts = parsePod(event.object, 'stress');
      seen.push({ at, pod: facts.name, oomKilled: latestTermination(facts)?.reason === 'OOMKilled', ready: facts.ready });
    }
  });
  return {
    seen,
    async stop() {
      child.kill();
      await child;
    },
  };
}

interface Run {
  seconds: number;
  watched: Seen[];
  events: LabEvent[];
}

async function timed(command: string, args: string[]): Promise<Run> {
  await clean();
  const outside = watchFromOutside();
  // The outside watch has listed the (empty) namespace before the run starts.
  await new Promise((r) => setTimeout(r, 1000));
  const started = Date.now();
  const result = await execa(command, args, { env, extendEnv: false, reject: false, timeout: 10 * 60_000 });
  const seconds = (Date.now() - started) / 1000;
  await outside.stop();
  expect(result.exitCode, `${command} ${args.join(' ')}\n${result.stderr}\n${String(result.stdout).slice(-2000)}`).toBe(0);
  return { seconds, watched: outside.seen, events: jsonEvents(result.stdout) };
}

const kubelab = () => timed('node', [cliPath, 'run', 'oom-killed', '--auto', '--json']);
const ideal = () => timed('bash', [script]);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const round = (x: number, digits = 3) => Number(x.toFixed(digits));

/** How much later than the outside watch kubelab's --json stream stamped the same change (ms; negative: kubelab first). */
function latency(run: Run, pod: string, outside: (s: Seen) => boolean, inside: (e: Extract<LabEvent, { type: 'pod' }>) => boolean): number {
  const seen = run.watched.find((s) => s.pod === pod && outside(s));
  const shown = run.events.find((e): e is Extract<LabEvent, { type: 'pod' }> => e.type === 'pod' && e.pod === pod && inside(e));
  expect(seen, `the outside watch saw ${pod} change`).toBeDefined();
  expect(shown?.at, `kubelab reported ${pod}'s change`).toBeDefined();
  return shown!.at! - seen!.at;
}

describe.sequential('speed on the warm real cluster', () => {
  const kubelabRuns: Run[] = [];
  const idealRuns: Run[] = [];

  beforeAll(async () => {
    // The files before this one have run the lab here (the images are on the node, kubelab's
    // kubeconfig and tool versions kept); the fault file, which restarts Docker, comes after this
    // one. The class has just deleted twenty namespaces of stress pods, and a first pair measured
    // right after it came out at 1.59 (after the Docker restart, at 1.32): one untimed lab first.
    expect((await kubectl('wait', '--for=condition=Ready', 'node', '--all', '--timeout=240s')).exitCode).toBe(0);
    expect((await kubectl('wait', '--for=condition=Ready', 'pods', '--all', '--namespace', 'kube-system', '--timeout=240s')).exitCode).toBe(0);
    await kubelab();
  }, 8 * 60_000);

  afterAll(async () => {
    await clean();
  }, 180_000);

  // The target is 1.05x; CI fails on a large regression (over 1.10x), never on an absolute
  // time, and the tier prints the measured median beside the target.
  it(`the unattended lab against the ideal kubectl script: target 1.05x, fails over ${GATE}x (median of ${PAIRS} interleaved pairs)`, async () => {
    const ratios: number[] = [];
    for (let i = 0; i < PAIRS; i++) {
      // Which one goes first alternates, so a drift in the machine's load falls on both.
      const [first, second] = i % 2 === 0 ? [kubelab, ideal] : [ideal, kubelab];
      const a = await first();
      const b = await second();
      const [k, s] = i % 2 === 0 ? [a, b] : [b, a];
      kubelabRuns.push(k);
      idealRuns.push(s);
      ratios.push(k.seconds / s.seconds);
    }
    const ratio = median(ratios);
    Object.assign(timings, {
      speed_kubelab_run_s: round(median(kubelabRuns.map((r) => r.seconds)), 2),
      speed_ideal_script_s: round(median(idealRuns.map((r) => r.seconds)), 2),
      speed_ratio_median: round(ratio),
      speed_ratios: ratios.map((r) => round(r)).join(' '),
      speed_target_1_05: ratio <= TARGET ? 'met' : 'missed',
    });
    console.log(`kubelab run vs the ideal script: ${JSON.stringify(timings)}`);
    expect(kubelabRuns.every((r) => r.events.some((e) => e.type === 'run.end' && e.ok))).toBe(true);
    expect(ratio).toBeLessThanOrEqual(GATE);
  });

  it('a status change in the API reaches kubelab within 0.5 s of an outside kubectl watch', () => {
    expect(kubelabRuns).toHaveLength(PAIRS);
    const oom = kubelabRuns.map((r) => latency(r, 'oom-killed-pod', (s) => s.oomKilled, (e) => e.lastState?.reason === 'OOMKilled'));
    const ready = kubelabRuns.map((r) => latency(r, 'oom-killed-fixed-pod', (s) => s.ready, (e) => e.ready === '1/1'));
    Object.assign(timings, {
      latency_oomkilled_ms: oom.map((l) => Math.round(l)).join(' '),
      latency_ready_ms: ready.map((l) => Math.round(l)).join(' '),
      latency_max_ms: Math.round(Math.max(...oom, ...ready)),
    });
    console.log(`status-change latency, kubelab after an outside watch (ms): OOMKilled ${timings.latency_oomkilled_ms}; Ready ${timings.latency_ready_ms}`);
    for (const l of [...oom, ...ready]) expect(l).toBeLessThan(500);
  });
});
