// What an exit code says about how a container ended, and why OOM kills show 137 or 1.
const SIGNALS = ['', 'SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGILL', 'SIGTRAP', 'SIGABRT', 'SIGBUS', 'SIGFPE', 'SIGKILL', 'SIGUSR1',
  'SIGSEGV', 'SIGUSR2', 'SIGPIPE', 'SIGALRM', 'SIGTERM', 'SIGSTKFLT', 'SIGCHLD', 'SIGCONT', 'SIGSTOP', 'SIGTSTP', 'SIGTTIN',
  'SIGTTOU', 'SIGURG', 'SIGXCPU', 'SIGXFSZ', 'SIGVTALRM', 'SIGPROF', 'SIGWINCH', 'SIGIO', 'SIGPWR', 'SIGSYS'];

/** The Linux signal behind an exit code above 128 (a shell's and the runtime's convention). */
export function signalOfExitCode(code: number): { number: number; name: string } | undefined {
  if (code <= 128) return undefined;
  const number = code - 128;
  const name = SIGNALS[number];
  return name ? { number, name } : undefined;
}

export function signalNumber(name: string): number | undefined {
  const upper = name.toUpperCase();
  const index = SIGNALS.indexOf(upper.startsWith('SIG') ? upper : `SIG${upper}`);
  return index > 0 ? index : undefined;
}

export interface NodeContext {
  /** 1 or 2, from docker info; undefined when unknown. */
  cgroupVersion?: number;
  /** The cluster's Kubernetes minor version, e.g. 30. */
  serverMinor?: number;
}

/** Explains an OOM kill's exit code in the terms of this learner's own machine. */
export function explainOomExit(exitCode: number, node: NodeContext): string {
  if (exitCode === 137) {
    const here: string[] = [];
    if (node.cgroupVersion === 2) here.push('this machine runs cgroup v2 (docker info says so)');
    if (node.serverMinor !== undefined) here.push(`the cluster runs Kubernetes 1.${node.serverMinor}`);
    const where = here.length > 0 ? ` Here ${here.join(' and ')}.` : '';
    return `Exit code 137 = 128 + 9: the container's main process was killed by SIGKILL. With cgroup v2 and Kubernetes 1.28 or later, kubelet sets memory.oom.group, so the kernel kills every process in the container at once.${where}`;
  }
  if (exitCode === 1) {
    const why: string[] = [];
    if (node.cgroupVersion === 1) why.push('this machine runs cgroup v1 (docker info says so), where the kernel kills only the process it picks');
    if (node.serverMinor !== undefined && node.serverMinor < 28) why.push(`the cluster runs Kubernetes 1.${node.serverMinor}, older than 1.28, which does not set memory.oom.group`);
    const cause = why.length > 0 ? `Here ${why.join(', and ')}.` : 'That happens on cgroup v1, on Kubernetes before 1.28, or when kubelet runs with singleProcessOOMKill.';
    return `Exit code 1, not 137: the kernel killed only the stress worker, the child that held the memory. The stress parent (PID 1) saw its worker die of signal 9, reported the failure and exited 1. containerd still saw the OOM kill, so the reason is OOMKilled. ${cause} On cgroup v2 with Kubernetes 1.28+ the whole container is killed and the code is 137.`;
  }
  const signal = signalOfExitCode(exitCode);
  return signal ? `Exit code ${exitCode} = 128 + ${signal.number} (${signal.name}).` : `Exit code ${exitCode} is the process's own exit status.`;
}
