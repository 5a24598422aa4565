// The kernel's files and log for a pod's memory cgroup, from real captures (test/data/cgroup-v1: a
// cgroup v1 host, kernel 6.18, Kubernetes 1.30) and, until real v2 captures exist, from the verbatim
// v2 samples in ../shared/reference/real-outputs.md §7 (the REFERENCE constants).
import { MEMORY_FILES, lastUsageLine, memoryFacts, parseGrepFiles, parseOomKills } from '../../src/cluster/parse-cgroup.js';
import type { KernelFacts } from '../../src/engine/kernel.js';
import { data } from './data.js';

export const v1 = (name: string) => data(`cgroup-v1/${name}`);
export const podUid = v1('pod-uid.txt').trim();
export const podDir = v1('find.txt').trim();
export const podOom = v1('dmesg-pod-oom.txt');
export const dockerOom = v1('dmesg-docker-oom.txt');
/** The pod the dmesg capture is about (another run than the grep capture), as its slice names it. */
export const dmesgUid = /pod([0-9a-f_]{36})\.slice:/.exec(podOom)![1]!.replace(/_/g, '-');
/** The kubelab kernel container of the docker capture: the last part of its cgroup. */
export const dockerId = /Memory cgroup stats for \/kubelab-kernel\/([0-9a-f]{64}):/.exec(dockerOom)![1]!;

// REFERENCE: real-outputs.md §7.2: memory.events after a group OOM (VERBATIM); memory.max for 50Mi (composed).
export const V2_UID = 'a8b8a570-9d92-4702-aac3-9264b667146c';
export const V2_DIR = `/sys/fs/cgroup/kubelet.slice/kubelet-kubepods.slice/kubelet-kubepods-burstable.slice/kubelet-kubepods-burstable-pod${V2_UID.replace(/-/g, '_')}.slice`;
export const V2_EVENTS = 'low 0\nhigh 0\nmax 37\noom 1\noom_kill 2\noom_group_kill 1\nsock_throttled 0';
export const v2Grep = (max: string) => [`${V2_DIR}/memory.max:${max}`, ...V2_EVENTS.split('\n').map((l) => `${V2_DIR}/memory.events:${l}`)].join('\n');
// REFERENCE: real-outputs.md §7.3: the group-kill sequence (VERBATIM, AKS, stock paths; its task_memcg is elided there).
export const V2_GROUP_KILL = [
  '... oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=cri-containerd-c44d2f7a...scope,mems_allowed=0,oom_memcg=/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-poda8b8a570_9d92_4702_aac3_9264b667146c.slice,task_memcg=/kubepods.slice/...',
  '[Fri Oct  2 14:14:07 2026] Memory cgroup out of memory: Killed process 11342 (python) total-vm:86512kB, anon-rss:64640kB, file-rss:6144kB, shmem-rss:0kB, UID:65532 pgtables:192kB oom_score_adj:992',
  '[Fri Oct  2 14:14:07 2026] Tasks in /kubepods.slice/kubepods-burstable.slice/kubepods-burstable-poda8b8a570_9d92_4702_aac3_9264b667146c.slice/cri-containerd-c44d2f7a9f1f16bb3f6922e7c02215d9618db819fc89f254817b5f52d91f74ea.scope are going to be killed due to memory.oom.group set',
].join('\n');

/** What kubelab reads for a pod, put together the way node-kernel.ts does from the parsed outputs. */
export function kernelFacts(version: 1 | 2, log: { text: string; uid: string } | { error: string }): KernelFacts {
  const [dir, files] = version === 1 ? [podDir, parseGrepFiles(v1('grep-pod.txt'), podDir, MEMORY_FILES[1])] : [V2_DIR, parseGrepFiles(v2Grep('52428800'), V2_DIR, MEMORY_FILES[2])];
  const readable = 'text' in log;
  return {
    cgroupVersion: version, podCgroup: dir, ...memoryFacts(version, files), files,
    kills: readable ? parseOomKills(log.text, log.uid) : [],
    dmesg: readable ? { readable, usage: lastUsageLine(log.text, log.uid) } : { readable, error: log.error },
  };
}
