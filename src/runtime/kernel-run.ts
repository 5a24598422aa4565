// kubelab kernel: a scenario's memory-limited container run under plain Docker, reported from docker
// inspect, the cgroup files and the kernel log. The same kill, without Kubernetes.
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from '../vendor/yaml.js';
import { dockerInfo } from '../cluster/docker.js';
import { runKernelContainer, type KernelRunResult } from '../cluster/docker-kernel.js';
import { keyValues, lastUsageNaming, memoryFacts, oomKillsNaming } from '../cluster/parse-cgroup.js';
import { findTools } from '../cluster/tools.js';
import type { LabEvent } from '../engine/events.js';
import { DOCKER_SUBJECT, explainKernel, explainKernelRun, explainKills, quantityBytes, type CgroupFile, type KernelFacts, type KernelReading } from '../engine/kernel.js';
import { LabError, UsageError } from '../errors.js';
import type { Scenario } from '../scenario/load.js';
import type { Settings } from '../settings.js';

export interface Workload {
  image: string;
  argv: string[];
  memory: string;
}

/** The scenario's broken container as its manifest writes it: image, command and memory limit. */
export function scenarioWorkload(scenario: Scenario): Workload {
  const pods = Object.values(scenario.targets).filter((t) => t.kind === 'pod' && t.manifest !== undefined);
  for (const target of pods) {
    if (target.kind !== 'pod') continue;
    const text = readFileSync(scenario.manifestPaths[target.manifest!]!, 'utf8');
    for (const doc of parseAllDocuments(text)) {
      const obj = doc.toJS() as { kind?: string; metadata?: { name?: string }; spec?: { containers?: Container[] } } | null;
      if (obj?.kind !== 'Pod' || obj.metadata?.name !== target.name) continue;
      const c = obj.spec?.containers?.find((x) => target.container === undefined || x.name === target.container);
      const memory = c?.resources?.limits?.memory;
      if (c?.image && memory !== undefined) return { image: c.image, argv: [...(c.command ?? []), ...(c.args ?? [])].map(String), memory: String(memory) };
    }
  }
  throw new UsageError(`${scenario.id} has no pod with a memory limit to run under Docker.`, 'kubelab kernel is for scenarios about memory limits, such as kubelab kernel oom-killed.');
}

interface Container {
  name?: string;
  image?: string;
  command?: unknown[];
  args?: unknown[];
  resources?: { limits?: { memory?: unknown } };
}

export async function kernelRun(scenario: Scenario, settings: Settings, oomGroup: boolean, signal: AbortSignal): Promise<{ event: Extract<LabEvent, { type: 'kernel.run' }>; ok: boolean }> {
  const workload = scenarioWorkload(scenario);
  const memoryBytes = quantityBytes(workload.memory);
  if (memoryBytes === undefined) throw new UsageError(`${scenario.id}'s memory limit "${workload.memory}" is not a quantity kubelab can turn into bytes.`);
  const docker = findTools(settings.binDir).docker;
  if (!docker) throw new LabError('docker is not installed (or not on PATH).', 'Install Docker, then run kubelab kernel again (kubelab doctor checks it).');
  const probe = await dockerInfo(docker, signal);
  if (!probe.ok) throw new LabError(`The Docker daemon is not reachable: ${probe.error ?? ''}`, 'Start the Docker daemon (or Docker Desktop), then run kubelab kernel again.');
  const version = probe.info.cgroupVersion;
  if (version !== 1 && version !== 2) throw new LabError('docker info does not say which cgroup version this machine runs.', 'kubelab kernel needs a Linux Docker engine (docker info shows Cgroup Version 1 or 2).');
  if (oomGroup && version === 1) {
    throw new UsageError('--oom-group: memory.oom.group exists only on cgroup v2, and this Docker runs on cgroup v1.', 'Without it the run shows what cgroup v1 does: kubelab kernel ' + scenario.id);
  }
  const driver = probe.info.cgroupDriver === 'systemd' ? 'systemd' : 'cgroupfs';
  const result = await runKernelContainer(docker, { name: `kubelab-kernel-${scenario.id}`, image: workload.image, argv: workload.argv, memoryBytes, cgroupVersion: version, driver, oomGroup }, signal);
  const event = describeRun(scenario.id, workload, memoryBytes, version, driver, oomGroup, result);
  return { event, ok: result.problem === undefined && result.exitCode !== undefined };
}

/** Pure: the run's files and log, read into the readings and lines the person sees. */
export function describeRun(id: string, w: Workload, memoryBytes: number, version: 1 | 2, driver: string, oomGroup: boolean, r: KernelRunResult): Extract<LabEvent, { type: 'kernel.run' }> {
  const own = r.cgroup?.split('/').at(-1) ?? '';
  const kills = own ? oomKillsNaming(r.dmesg ?? '', [own]) : [];
  const facts = kernelFactsOf(version, r, kills, own);
  const before = keyValues(r.before.find((f) => f.name === 'memory.events')?.text ?? '');
  const counted = version === 2 ? (facts.oomKills ?? 0) - (before.get('oom_kill') ?? 0) : kills.length;
  const readings: KernelReading[] = explainKernel(facts, w.memory, DOCKER_SUBJECT)
    .map((reading) => (reading.file.startsWith('memory.events ') ? delta(reading, before) : reading))
    // v1 counts in the container's own cgroup, gone with it: the parent's zeros would mislead.
    .filter((reading) => version === 2 || !/^memory\.(failcnt|oom_control)/.test(reading.file));
  if (version === 1 && !r.problem) readings.push({ file: 'kernel log', value: String(kills.length), meaning: 'kills the kernel logged for this container; on cgroup v1 its own counters went away with its cgroup when it exited.' });
  return {
    type: 'kernel.run', scenario: id, image: w.image, command: w.argv, memory: w.memory, memoryBytes, cgroupVersion: version, driver, oomGroup,
    exitCode: r.exitCode, oomKilled: r.oomKilled, cgroup: r.cgroup, readings, log: r.problem ? [] : explainKills(facts, 'this container'),
    explanation: r.problem ? [] : explainKernelRun({ cgroupVersion: version, oomGroup, exitCode: r.exitCode, oomKilled: r.oomKilled, kills: counted, groupKills: facts.groupKills }),
    problem: r.problem,
  };
}

/** The limit as the container held it, the parent's counters after the run, and the kernel's lines. */
function kernelFactsOf(version: 1 | 2, r: KernelRunResult, kills: KernelFacts['kills'], own: string): KernelFacts {
  const after = memoryFacts(version, r.after);
  const live = memoryFacts(version, r.live);
  const group = r.live.find((f) => f.name === 'memory.oom.group')?.text.trim();
  const files: CgroupFile[] = [...r.live, ...r.after];
  return {
    cgroupVersion: version, podCgroup: r.parent, containerCgroup: r.cgroup,
    ...after, limitBytes: live.limitBytes, unlimited: live.unlimited,
    oomGroup: group !== undefined && /^\d+$/.test(group) ? Number(group) : undefined,
    kills, dmesg: { readable: r.dmesg !== undefined && !/Operation not permitted|read kernel buffer failed/.test(r.dmesg), usage: lastUsageNaming(r.dmesg ?? '', [own]) }, files,
  };
}

/** The parent outlives each run, so its counters are shown as what this run added. */
function delta(reading: KernelReading, before: Map<string, number>): KernelReading {
  const key = reading.file.split(' ')[1]!;
  const was = before.get(key) ?? 0;
  const now = Number(reading.value);
  if (!Number.isFinite(now) || was === 0) return reading;
  const base = reading.meaning.replace(`, ${DOCKER_SUBJECT.outlives}`, '').replace(/\.$/, '');
  return { ...reading, value: String(now - was), meaning: `${base}: ${now - was} in this run (kubelab's parent cgroup has counted ${now} in all, ${was} before it).` };
}
