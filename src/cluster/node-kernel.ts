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
  const calls: KernelRead['calls'] = [];
  const exec = async (...argv: string[]) => {
    const full = ['exec', node, ...argv];
    const result = await run(docker, full, { timeoutMs: 30_000, signal });
    calls.push({ argv: ['docker', ...full], result });
    return result;
  };
  const fs = await exec('stat', '-fc', '%T', CGROUP);
  const version = parseCgroupFsType(fs.stdout);
  if (fs.exitCode !== 0 || version === undefined) {
    return { calls, problem: `kubelab could not read ${CGROUP} on the node ${node}: ${(fs.stderr || fs.stdout).trim() || `exit code ${fs.exitCode}`}` };
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
    return { calls, problem: `the pod's cgroup (pod${underscored}) is not on the node ${node}: the pod may be gone, or run on another node` };
  }
  const containerCgroup = cid ? dirs.find((d) => d.startsWith(`${podCgroup}/`) && d.includes(cid)) : undefined;
  const wanted = MEMORY_FILES[version];
  const read = await exec('grep', '-H', '.', ...wanted.map((n) => `${podCgroup}/${n}`), ...(version === 2 && containerCgroup ? [`${containerCgroup}/memory.oom.group`] : []));
  const files = parseGrepFiles(read.stdout, podCgroup, wanted);
  const group = containerCgroup ? parseGrepFiles(read.stdout, containerCgroup, ['memory.oom.group'])[0] : undefined;
  const log = await exec('dmesg');
  const readable = log.exitCode === 0;
  return {
    calls,
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
  };
}
