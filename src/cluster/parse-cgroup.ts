// Pure parsers for what the kernel keeps about a memory cgroup: the files under /sys/fs/cgroup (read
// with `grep -H .`, one "path:line" per line) and its OOM lines in the kernel log (dmesg).
import type { CgroupFile, KernelFacts, KernelKill } from '../engine/kernel.js';

/** `stat -fc %T /sys/fs/cgroup`: cgroup2fs on a unified (v2) host, tmpfs where v1 hierarchies are mounted. */
export function parseCgroupFsType(stdout: string): 1 | 2 | undefined {
  const type = stdout.trim();
  if (type === 'cgroup2fs') return 2;
  if (type === 'tmpfs') return 1;
  return undefined;
}

/** The files a version keeps for a memory cgroup, and what each holds. */
export const MEMORY_FILES: Record<1 | 2, readonly string[]> = {
  2: ['memory.max', 'memory.events', 'memory.peak', 'memory.current'],
  1: ['memory.limit_in_bytes', 'memory.oom_control', 'memory.failcnt', 'memory.max_usage_in_bytes', 'memory.usage_in_bytes'],
};

/** `grep -H . <dir>/<file>...`: the text of each file that could be read, by file name. */
export function parseGrepFiles(stdout: string, dir: string, names: readonly string[]): CgroupFile[] {
  const byName = new Map<string, string[]>();
  for (const line of stdout.split('\n')) {
    for (const name of names) {
      const prefix = `${dir}/${name}:`;
      if (!line.startsWith(prefix)) continue;
      const lines = byName.get(name) ?? [];
      lines.push(line.slice(prefix.length));
      byName.set(name, lines);
    }
  }
  return names.filter((n) => byName.has(n)).map((name) => ({ name, path: `${dir}/${name}`, text: byName.get(name)!.join('\n') }));
}

/** "key value" lines (memory.events, memory.oom_control, memory.stat). */
export function keyValues(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^(\w+)\s+(\d+)\s*$/.exec(line.trim());
    if (m) out.set(m[1]!, Number(m[2]));
  }
  return out;
}

/** A single number, or undefined for "max" (no limit) and anything else. */
function bytes(text: string | undefined): number | undefined {
  const t = text?.trim();
  return t !== undefined && /^\d+$/.test(t) ? Number(t) : undefined;
}

/** On v1 "no limit" is the largest page-aligned counter, not a word. */
const V1_UNLIMITED = 2 ** 62;

/** The numbers that matter from a memory cgroup's files, for either version. */
export function memoryFacts(version: 1 | 2, files: CgroupFile[]): Omit<KernelFacts, 'cgroupVersion' | 'podCgroup' | 'containerCgroup' | 'oomGroup' | 'kills' | 'dmesg' | 'files'> {
  const text = (name: string) => files.find((f) => f.name === name)?.text;
  if (version === 2) {
    const events = keyValues(text('memory.events') ?? '');
    return {
      limitBytes: bytes(text('memory.max')),
      unlimited: text('memory.max')?.trim() === 'max',
      oomKills: events.get('oom_kill'),
      groupKills: events.get('oom_group_kill'),
      ooms: events.get('oom'),
      atLimit: events.get('max'),
      peakBytes: bytes(text('memory.peak')),
    };
  }
  const limit = bytes(text('memory.limit_in_bytes'));
  const control = keyValues(text('memory.oom_control') ?? '');
  return {
    limitBytes: limit !== undefined && limit >= V1_UNLIMITED ? undefined : limit,
    unlimited: limit !== undefined && limit >= V1_UNLIMITED,
    oomKills: control.get('oom_kill'),
    underOom: control.get('under_oom'),
    failcnt: bytes(text('memory.failcnt')),
    peakBytes: bytes(text('memory.max_usage_in_bytes')),
  };
}

/** A pod's UID as it appears in cgroup paths: dashes for cgroupfs, underscores in systemd slices. */
export function uidForms(uid: string): [string, string] {
  return [uid, uid.replace(/-/g, '_')];
}

/**
 * The kernel's kills in this pod's memory cgroup, from dmesg: each "oom-kill:" summary line that
 * names the pod (its oom_memcg or task_memcg) and the "Killed process" line after it.
 */
export function parseOomKills(dmesg: string, uid: string): KernelKill[] {
  const [dashed, underscored] = uidForms(uid);
  return oomKillsNaming(dmesg, [`pod${dashed}`, `pod${underscored}`]);
}

/** The kernel's kills whose "oom-kill:" line names one of `needles` (a pod's UID, a container's cgroup). */
export function oomKillsNaming(dmesg: string, needles: string[]): KernelKill[] {
  const names = (line: string) => needles.some((n) => line.includes(n));
  const lines = dmesg.split('\n');
  const kills: KernelKill[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.includes('oom-kill:') || !names(line)) continue;
    const task = /[,:]task=([^,]+),pid=(\d+)/.exec(line);
    const killed = lines.slice(i + 1, i + 4).find((l) => /Memory cgroup out of memory: Killed process \d+/.test(l));
    const group = lines.slice(i + 1, i + 6).find((l) => l.includes('are going to be killed due to memory.oom.group set'));
    kills.push({
      summary: line.trim(),
      killed: killed?.trim(),
      process: task?.[1],
      pid: task ? Number(task[2]) : undefined,
      group: group !== undefined,
    });
  }
  return kills;
}

/** The last "memory: usage …kB, limit …kB, failcnt N" line the kernel printed before a kill in this pod. */
export function lastUsageLine(dmesg: string, uid: string): string | undefined {
  const [dashed, underscored] = uidForms(uid);
  return lastUsageNaming(dmesg, [`pod${dashed}`, `pod${underscored}`]);
}

/**
 * The usage line of the last kill whose "oom-kill:" line names one of `needles`: the nearest
 * "memory: usage" line above it. The memory.stat dump between the two runs to 60 lines and more on
 * cgroup v2, so the distance is not fixed; a kill never reaches back past the one before it.
 */
export function lastUsageNaming(dmesg: string, needles: string[]): string | undefined {
  const lines = dmesg.split('\n');
  let found: string | undefined;
  let usage: string | undefined;
  for (const line of lines) {
    if (/\bmemory: usage \d+kB, limit \d+kB, failcnt \d+/.test(line)) usage = line.trim();
    else if (line.includes('oom-kill:')) {
      if (usage !== undefined && needles.some((n) => line.includes(n))) found = usage;
      usage = undefined;
    }
  }
  return found;
}
