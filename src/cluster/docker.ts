// docker: is the daemon there, and is the lab's node container still running.
import { run } from './exec.js';
import { parseDockerInfo, type DockerInfo } from './parse-tools.js';

export interface DockerProbe {
  ok: boolean;
  info: DockerInfo;
  error?: string;
}

export async function dockerInfo(bin: string, signal?: AbortSignal): Promise<DockerProbe> {
  const result = await run(bin, ['info', '--format', '{{json .}}'], { timeoutMs: 30_000, signal });
  const info = parseDockerInfo(result.stdout);
  if (result.exitCode !== 0 || info.serverVersion === undefined) {
    const error = (result.stderr.trim() || result.stdout.trim() || `exit code ${result.exitCode}`).split('\n').find((l) => l.trim() !== '') ?? '';
    return { ok: false, info, error: result.timedOut ? 'docker info did not answer within 30 s' : error };
  }
  return { ok: true, info };
}

/** undefined when the container does not exist. */
export async function containerRunning(bin: string, name: string, signal?: AbortSignal): Promise<boolean | undefined> {
  const result = await run(bin, ['inspect', '-f', '{{.State.Running}}', name], { timeoutMs: 30_000, signal });
  if (result.exitCode !== 0) return undefined;
  return result.stdout.trim() === 'true';
}

export type ContainerStatus = 'running' | 'paused' | 'exited' | 'restarting' | 'created' | 'dead' | 'missing';

/** The node container's state as docker reports it; 'missing' when docker does not know it. */
export async function containerStatus(bin: string, name: string, signal?: AbortSignal): Promise<{ status: ContainerStatus; exitCode?: number }> {
  const result = await run(bin, ['inspect', '-f', '{{.State.Status}} {{.State.ExitCode}}', name], { timeoutMs: 30_000, signal });
  if (result.exitCode !== 0) return { status: 'missing' };
  const [status, code] = result.stdout.trim().split(/\s+/);
  return { status: (status ?? 'missing') as ContainerStatus, exitCode: code === undefined ? undefined : Number(code) };
}
