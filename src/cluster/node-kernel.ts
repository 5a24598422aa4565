// Reads a pod's memory cgroup on a kind node with docker exec: which cgroup version, where the
// pod's cgroup is (from its UID), the kernel's files there, and the OOM lines in the kernel log.
import type { KernelFacts } from '../engine/kernel.js';
import { run, type ExecResult } from './exec.js';
import { MEMORY_FILES, lastUsageLine, memoryFacts, parseCgroupFsType, parseGrepFiles, parseOomKills, uidForms } from './parse-cgroup.js';

export interface KernelRead {
  facts?: KernelFacts;
  /** Why nothing could be read, in words for the person. */
  problem?: string;
  /** Each docker exec kubelab ran, to show. */
  calls: { argv: string[]; result: ExecResult }[];
}

const CGROUP = '/sys/fs/cgroup';

export async function readPodKernel(docker: string, node: string, pod: { uid: string; containerId?: string }, signal?: AbortSignal): Promise<KernelRead> {
  const started: Promise<KernelRead['calls'][number]>[] = [];
  const call = (...argv: string[]) => {
    const full = ['exec', node, ...argv];
    return run(docker, full, { timeoutMs: 30_000, signal }).then((result) => ({ argv: ['docker', ...full], result }));
  };
  // The cgroup reads are listed in the order they ran; the kernel log last, as a person would read it.
  const exec = (...argv: string[]) => {
    const c = call(...argv);
    started.push(c);
    return c.then((r) => r.result);
  };
  // The kernel log does not depend on the cgroup files: it is read beside them.
  const logCall = call('dmesg');
  const logRead = logCall.then((c) => c.result);
  const done = async (read: Omit<KernelRead, 'calls'>): Promise<KernelRead> => ({ ...read, calls: [...(await Promise.all(started)), await logCall] });
  const fs = await exec('stat', '-fc', '%T', CGROUP);
  const version = parseCgroupFsType(fs.stdout);
  if (fs.exitCode !== 0 || version === undefined) {
    return done({ problem: `kubelab could not read ${CGROUP} on the node ${node}: ${(fs.stderr || fs.stdout).trim() || `exit code ${fs.exitCode}`}` });
  }
  // v1 keeps memory in its own hierarchy; v2 has one tree with every controller.
  const root = version === 1 ? `${CGROUP}/memory` : CGROUP;
  const [dashed, underscored] = uidForms(pod.uid);
  const cid = pod.containerId?.replace(/^\w+:\/\//, '');
  const names = ['-name', `*pod${underscored}.slice`, '-o', '-name', `pod${dashed}`, ...(cid ? ['-o', '-name', `*${cid}*`] : [])];
  const found = await exec('find', root, '-maxdepth', '9', '-type', 'd', '(', ...names, ')');
  const dirs = found.stdout.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const podCgroup = dirs.filter((d) => d.endsWith(`pod${underscored}.slice`) || d.endsWith(`pod${dashed}`)).sort((a, b) => a.length - b.length)[0];
  if (podCgroup === undefined) {
    return done({ problem: `the pod's cgroup (pod${underscored}) is not on the node ${node}: the pod may be gone, or run on another node` });
  }
  const containerCgroup = cid ? dirs.find((d) => d.startsWith(`${podCgroup}/`) && d.includes(cid)) : undefined;
  const wanted = MEMORY_FILES[version];
  const read = await exec('grep', '-H', '.', ...wanted.map((n) => `${podCgroup}/${n}`), ...(version === 2 && containerCgroup ? [`${containerCgroup}/memory.oom.group`] : []));
  const files = parseGrepFiles(read.stdout, podCgroup, wanted);
  const group = containerCgroup ? parseGrepFiles(read.stdout, containerCgroup, ['memory.oom.group'])[0] : undefined;
  const log = await logRead;
  const readable = log.exitCode === 0;
  return done({
    facts: {
      cgroupVersion: version,
      podCgroup,
      containerCgroup,
      ...memoryFacts(version, files),
      oomGroup: group && /^\d+$/.test(group.text.trim()) ? Number(group.text.trim()) : undefined,
      kills: readable ? parseOomKills(log.stdout, pod.uid) : [],
      dmesg: { readable, error: readable ? undefined : (log.stderr.trim().split('\n')[0] || `exit code ${log.exitCode}`), usage: readable ? lastUsageLine(log.stdout, pod.uid) : undefined },
      files: group ? [...files, group] : files,
    },
  });
}
