// What the kernel holds about a pod's memory cgroup, and what each number means. Kubernetes writes
// the limit and reports the kill; the kernel enforces the one and does the other. Pure.

export interface CgroupFile {
  name: string;
  path: string;
  text: string;
}

/** One kill the kernel logged for this pod's cgroup. */
export interface KernelKill {
  /** The "oom-kill:constraint=…" line. */
  summary: string;
  /** The "Memory cgroup out of memory: Killed process N (name) …" line after it. */
  killed?: string;
  process?: string;
  pid?: number;
  /** The kernel killed the whole cgroup (memory.oom.group set). */
  group: boolean;
}

export interface KernelFacts {
  cgroupVersion: 1 | 2;
  /** The pod's cgroup inside the node; it outlives the container, so its counters add up across restarts. */
  podCgroup?: string;
  /** The current container's own cgroup, when one is running. */
  containerCgroup?: string;
  limitBytes?: number;
  unlimited?: boolean;
  /** Processes the OOM killer killed (v2 memory.events oom_kill, v1 memory.oom_control oom_kill). */
  oomKills?: number;
  /** v2: times the whole cgroup was killed at once. */
  groupKills?: number;
  /** v2: times the cgroup ran out of memory (memory.events oom). */
  ooms?: number;
  /** v2: times usage hit memory.max (memory.events max). */
  atLimit?: number;
  /** v1: charges refused at the limit (memory.failcnt). */
  failcnt?: number;
  /** v1: 1 while the cgroup is stuck out of memory. */
  underOom?: number;
  /** The most the cgroup ever held (v2 memory.peak, v1 memory.max_usage_in_bytes). */
  peakBytes?: number;
  /** v2: memory.oom.group of the running container (kubelet sets 1 from Kubernetes 1.28). */
  oomGroup?: number;
  kills: KernelKill[];
  dmesg: { readable: boolean; error?: string; usage?: string };
  files: CgroupFile[];
}

export interface KernelReading {
  file: string;
  value: string;
  meaning: string;
}

const UNITS: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, K: 1e3, k: 1e3, M: 1e6, G: 1e9, T: 1e12 };

/** A Kubernetes memory quantity (50Mi, 128M, 1Gi, 1000) in bytes; undefined when it isn't one. */
export function quantityBytes(quantity: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)([KMGT]i?|k)?$/.exec(quantity.trim());
  if (!m) return undefined;
  const unit = m[2] === undefined ? 1 : UNITS[m[2]];
  return unit === undefined ? undefined : Math.round(Number(m[1]) * unit);
}

const mib = (n: number) => `${(n / 2 ** 20).toFixed(n % 2 ** 20 === 0 ? 0 : 1)}Mi`;

/** Whose cgroup it is and who wrote its limit: a pod under Kubernetes, or a container under plain Docker. */
export interface KernelSubject {
  holder: string;
  writer: string;
  spec: string;
  /** Where its counters live on: they add up beyond one container. */
  outlives: string;
  /** Who sets memory.oom.group for it. */
  groupSetter: string;
  /** What runs out when there is no limit. */
  host: string;
}
const POD_SUBJECT: KernelSubject = { holder: 'this pod', writer: 'Kubernetes', spec: 'the pod spec', outlives: 'across every restart (the pod\'s cgroup outlives its containers)', groupSetter: 'kubelet', host: 'the node' };
export const DOCKER_SUBJECT: KernelSubject = { holder: 'this container', writer: 'Docker (--memory)', spec: 'the manifest', outlives: 'counted in kubelab\'s parent cgroup, which outlives each run', groupSetter: 'kubelab (--oom-group, as kubelet does on cgroup v2)', host: 'the machine' };

/** The OOM kills the kernel counted: cgroup v1 counts them only in the container's own cgroup, gone after it exits, so there the kernel log is the count. */
export function killCount(facts: KernelFacts): number | undefined {
  if (facts.cgroupVersion === 1) return Math.max(facts.oomKills ?? 0, facts.kills.length);
  return facts.oomKills;
}

/** Each number the kernel gave, with a line on what it says; `specLimit` is the limit the pod asks for. */
export function explainKernel(facts: KernelFacts, specLimit?: string, subject: KernelSubject = POD_SUBJECT): KernelReading[] {
  const v2 = facts.cgroupVersion === 2;
  const out: KernelReading[] = [];
  const limitFile = v2 ? 'memory.max' : 'memory.limit_in_bytes';
  if (facts.limitBytes !== undefined) {
    const asked = specLimit ? quantityBytes(specLimit) : undefined;
    const same = asked === facts.limitBytes ? `: the ${specLimit} of ${subject.spec} (${specLimit} = ${facts.limitBytes} bytes). ${subject.writer} wrote it; the kernel enforces it` : asked !== undefined ? `, but ${subject.spec} asks for ${specLimit} (${asked} bytes)` : '';
    out.push({ file: limitFile, value: String(facts.limitBytes), meaning: `the most memory ${subject.holder} may hold, ${mib(facts.limitBytes)}${same}.` });
  } else if (facts.unlimited) {
    out.push({ file: limitFile, value: v2 ? 'max' : 'unlimited', meaning: `no limit: ${subject.holder} may take memory until ${subject.host} runs out.` });
  }
  if (facts.peakBytes !== undefined) {
    out.push({ file: v2 ? 'memory.peak' : 'memory.max_usage_in_bytes', value: String(facts.peakBytes), meaning: `the most it ever held, ${mib(facts.peakBytes)}${facts.limitBytes !== undefined && facts.peakBytes >= facts.limitBytes - 2 ** 20 ? ': right up against the limit' : ''}.` });
  }
  if (v2) {
    if (facts.atLimit !== undefined) out.push({ file: 'memory.events max', value: String(facts.atLimit), meaning: 'times usage reached memory.max and the kernel had to reclaim or refuse memory.' });
    if (facts.ooms !== undefined) out.push({ file: 'memory.events oom', value: String(facts.ooms), meaning: 'times reclaiming was not enough and the cgroup ran out of memory.' });
    if (facts.oomKills !== undefined) out.push({ file: 'memory.events oom_kill', value: String(facts.oomKills), meaning: `processes in ${subject.holder} the kernel's OOM killer has killed, ${subject.outlives}.` });
    if (facts.groupKills !== undefined) out.push({ file: 'memory.events oom_group_kill', value: String(facts.groupKills), meaning: facts.groupKills > 0 ? `times the kernel killed the whole container at once, because ${subject.groupSetter} set memory.oom.group=1: PID 1 gets SIGKILL too, hence exit code 137.` : 'no whole-container kills: only the chosen process died, so PID 1 could exit on its own terms.' });
    if (facts.oomGroup !== undefined) out.push({ file: 'memory.oom.group', value: String(facts.oomGroup), meaning: facts.oomGroup === 1 ? `set by ${subject.groupSetter} on the running container: an OOM kill takes every process in it.` : 'not set: an OOM kill takes one process, not the container.' });
  } else {
    if (facts.failcnt !== undefined) out.push({ file: 'memory.failcnt', value: String(facts.failcnt), meaning: 'times a charge hit the limit: the kernel reclaimed or refused memory each time.' });
    if (facts.oomKills !== undefined) {
      const elsewhere = facts.oomKills === 0 && facts.kills.length > 0;
      out.push({ file: 'memory.oom_control oom_kill', value: String(facts.oomKills), meaning: elsewhere ? 'none counted here: cgroup v1 counts a kill in the killed process\'s own cgroup (the container\'s, gone when it exited). The kernel log below has every one.' : 'processes the kernel\'s OOM killer killed in this cgroup.' });
    }
    if (facts.underOom !== undefined) out.push({ file: 'memory.oom_control under_oom', value: String(facts.underOom), meaning: facts.underOom === 0 ? 'the cgroup is not stuck out of memory now: the killer freed it.' : 'the cgroup is out of memory right now.' });
    out.push({ file: 'memory.oom.group', value: '-', meaning: 'cgroup v1 has no such switch: the kernel kills only the process it picks (the stress worker), so the stress parent exits 1.' });
  }
  return out;
}

/** What the kernel's log said, in lines for the person. */
export function explainKills(facts: KernelFacts, holder = 'this pod'): string[] {
  if (!facts.dmesg.readable) return [`The kernel log can't be read here (${facts.dmesg.error ?? 'dmesg refused'}); the counters above are the kernel's own record.`];
  if (facts.kills.length === 0) return [`The kernel log holds no OOM kill for ${holder} (the ring buffer may have moved on).`];
  const last = facts.kills.at(-1)!;
  const lines = [`The kernel logged ${facts.kills.length} OOM kill${facts.kills.length === 1 ? '' : 's'} in ${holder}'s cgroup; the last:`];
  if (facts.dmesg.usage) lines.push(`  ${facts.dmesg.usage}`);
  if (last.killed) lines.push(`  ${last.killed}`);
  if (last.group) lines.push('  … and, with memory.oom.group set, the rest of the container with it.');
  return lines;
}

/** What `kubelab kernel` saw: the same kill under plain Docker, and why its exit code is what it is. */
export interface KernelRunFacts {
  cgroupVersion: 1 | 2;
  oomGroup: boolean;
  exitCode?: number;
  oomKilled?: boolean;
  /** Kills the kernel counted in the parent cgroup during the run (v2), or logged (v1). */
  kills?: number;
  groupKills?: number;
}

export function explainKernelRun(f: KernelRunFacts): string[] {
  const lines: string[] = [];
  const who = 'The kernel killed; Docker (through containerd) only reported it.';
  if (f.exitCode === 137) {
    lines.push(`Exit code 137 = 128 + 9: PID 1 itself got SIGKILL.${f.oomGroup ? ' memory.oom.group=1 made the kernel kill every process in the container, as it does under kubelet 1.28+ on cgroup v2.' : ''}`);
  } else if (f.exitCode === 1) {
    lines.push(`Exit code 1: the kernel killed only the process it picked (the stress worker, which held the memory); stress itself, PID 1, saw its worker die and exited 1.${f.cgroupVersion === 2 && !f.oomGroup ? ' Docker does not set memory.oom.group, so even on cgroup v2 this is what plain docker run gives; kubelab kernel --oom-group sets it the way kubelet does.' : ''}${f.cgroupVersion === 1 ? ' cgroup v1 has no memory.oom.group: this is all it can do.' : ''}`);
  } else if (f.exitCode !== undefined) {
    lines.push(`Exit code ${f.exitCode}: not an OOM kill's usual code; read the kernel lines below.`);
  }
  if (f.oomKilled === true) lines.push(`docker inspect says OOMKilled=true: containerd saw the kernel's OOM event before the exit. ${who}`);
  if (f.oomKilled === false) lines.push(`docker inspect says OOMKilled=false${(f.kills ?? 0) > 0 ? `, although the kernel counted ${f.kills} kill${f.kills === 1 ? '' : 's'}: the OOM event lost the race with the exit event (a known containerd race). The kernel's count is the truth` : ''}. ${who}`);
  return lines;
}
