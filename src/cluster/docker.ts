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
