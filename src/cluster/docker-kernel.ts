// The same OOM kill without Kubernetes: a scenario's container under plain `docker run --memory`,
// inside a parent cgroup of kubelab's (as a pod's cgroup holds its container), read before and after
// by a short-lived privileged container that sees the host's cgroup tree and the kernel log.
import type { CgroupFile } from '../engine/kernel.js';
import { run, type ExecResult } from './exec.js';
import { MEMORY_FILES, parseGrepFiles } from './parse-cgroup.js';

export interface KernelRunSpec {
  name: string;
  image: string;
  argv: string[];
  memoryBytes: number;
  cgroupVersion: 1 | 2;
  /** docker info's CgroupDriver: systemd wants a slice as the parent, cgroupfs a path. */
  driver: 'systemd' | 'cgroupfs';
  /** Set memory.oom.group=1 on the container's cgroup before it starts, as kubelet does on cgroup v2. */
  oomGroup: boolean;
}

export interface KernelRunResult {
  exitCode?: number;
  oomKilled?: boolean;
  /** The container's own cgroup (as the host names it) and its parent. */
  cgroup?: string;
  parent?: string;
  /** Read while the container waited to start: its limit, and memory.oom.group on v2. */
  live: CgroupFile[];
  /** The parent's files before and after the run. */
  before: CgroupFile[];
  after: CgroupFile[];
  dmesg?: string;
  problem?: string;
  calls: { argv: string[]; result: ExecResult }[];
}

const GO = '/tmp/.kubelab-go';
/** Where the probe sees the host's cgroup tree. */
const HOST_TREE = '/kubelab-cgroup';
/** The container waits for kubelab's word, then becomes the scenario's own command (exec: same PID 1). */
const WAIT_THEN_EXEC = `while [ ! -e ${GO} ]; do sleep 0.1; done; exec "$@"`;
/** Run in the probe: $1 is the container's host PID; prints its cgroup line. */
const CGROUP_OF = 'cat /proc/$1/cgroup';

export async function runKernelContainer(docker: string, spec: KernelRunSpec, signal?: AbortSignal): Promise<KernelRunResult> {
  const calls: KernelRunResult['calls'] = [];
  const out: KernelRunResult = { live: [], before: [], after: [], calls };
  const call = async (args: string[], timeoutMs = 60_000) => {
    const result = await run(docker, args, { timeoutMs, signal });
    calls.push({ argv: ['docker', ...args], result });
    return result;
  };
  // A privileged helper from the same image, in the host's cgroup and PID namespaces, with the
  // host's cgroup tree mounted whole (its own /sys/fs/cgroup may show only its own cgroup).
  const probe = (script: string, ...args: string[]) => call(['run', '--rm', '--network', 'none', '--privileged', '--cgroupns', 'host', '--pid', 'host', '-v', `/sys/fs/cgroup:${HOST_TREE}`, '--entrypoint', 'sh', spec.image, '-c', script, 'kubelab', ...args]);
  const parent = spec.driver === 'systemd' ? 'kubelab-kernel.slice' : '/kubelab-kernel';
  await call(['rm', '-f', spec.name]);
  try {
    // No network: the kill needs none, and the run does not depend on Docker's default bridge.
    const started = await call(['run', '-d', '--name', spec.name, '--label', 'kubelab.kernel=1', '--network', 'none', '--memory', String(spec.memoryBytes), '--memory-swap', String(spec.memoryBytes), '--cgroup-parent', parent, '--entrypoint', 'sh', spec.image, '-c', WAIT_THEN_EXEC, 'kubelab', ...spec.argv], 5 * 60_000);
    if (started.exitCode !== 0) return { ...out, problem: `docker could not start ${spec.image}: ${firstLine(started)}` };
    const pid = (await call(['inspect', '-f', '{{.State.Pid}}', spec.name])).stdout.trim();
    const line = await probe(CGROUP_OF, pid);
    const cgroup = cgroupPath(line.stdout, spec.cgroupVersion);
    if (line.exitCode !== 0 || cgroup === undefined) return { ...out, problem: `kubelab could not find the container's cgroup: ${firstLine(line)}` };
    out.cgroup = cgroup;
    out.parent = cgroup.replace(/\/[^/]+$/, '');
    const base = spec.cgroupVersion === 2 ? HOST_TREE : `${HOST_TREE}/memory`;
    const own = `${base}${cgroup}`;
    const up = `${base}${out.parent}`;
    const names = MEMORY_FILES[spec.cgroupVersion];
    const groupFile = spec.cgroupVersion === 2 ? [`${own}/memory.oom.group`] : [];
    // A failed write must end the script with its error: grep's own status is not wanted ("; true").
    const set = spec.oomGroup ? `echo 1 > "$1/memory.oom.group" || exit 1; ` : '';
    const first = await probe(`${set}grep -H . "$@" 2>/dev/null; true`, own, `${own}/${names[0]}`, ...groupFile, ...names.map((n) => `${up}/${n}`));
    out.live = [...parseGrepFiles(first.stdout, own, [names[0]!, 'memory.oom.group'])];
    const group = out.live.find((f) => f.name === 'memory.oom.group')?.text.trim();
    if (spec.oomGroup && (first.exitCode !== 0 || group !== '1')) return { ...out, problem: `kubelab could not set memory.oom.group: ${first.exitCode !== 0 ? firstLine(first) : `it reads ${group ?? 'nothing'} after writing 1`}` };
    out.before = parseGrepFiles(first.stdout, up, names);
    await call(['exec', spec.name, 'touch', GO]);
    const waited = await call(['wait', spec.name], 5 * 60_000);
    const state = await call(['inspect', '-f', '{{.State.ExitCode}} {{.State.OOMKilled}}', spec.name]);
    const [code, oom] = state.stdout.trim().split(/\s+/);
    out.exitCode = waited.exitCode === 0 && /^\d+$/.test(code ?? '') ? Number(code) : undefined;
    out.oomKilled = oom === 'true';
    const after = await probe('grep -H . "$@" 2>/dev/null; echo ===dmesg; dmesg 2>&1 | tail -n 400', ...names.map((n) => `${up}/${n}`));
    const [files, log] = after.stdout.split('===dmesg\n');
    out.after = parseGrepFiles(files ?? '', up, names);
    out.dmesg = log;
    return out;
  } finally {
    await call(['rm', '-f', spec.name]).catch(() => undefined);
  }
}

/** The cgroup a process is in, from /proc/<pid>/cgroup: the unified line on v2, the memory line on v1. */
export function cgroupPath(procCgroup: string, version: 1 | 2): string | undefined {
  for (const line of procCgroup.split('\n')) {
    const [, controllers, path] = /^\d+:([^:]*):(.*)$/.exec(line.trim()) ?? [];
    if (path === undefined) continue;
    if (version === 2 && controllers === '') return path;
    if (version === 1 && controllers!.split(',').includes('memory')) return path;
  }
  return undefined;
}

function firstLine(result: ExecResult): string {
  return (result.stderr.trim() || result.stdout.trim() || `exit code ${result.exitCode}`).split('\n')[0]!;
}
