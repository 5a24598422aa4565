// kubectl, always pointed at the lab: kubelab's own kubeconfig and the kind-<name> context.
import { absentPod, type EventFact, type PodFacts } from '../engine/facts.js';
import type { Settings } from '../settings.js';
import { ensureOk } from './command-failed.js';
import { run, stream, type ExecResult, type Streaming } from './exec.js';
import { parseEvents, parsePod, parseWatchLine, podFromWatch } from './parse-pod.js';
import { parseKubectlVersion } from './parse-tools.js';

export class Kubectl {
  constructor(
    private readonly bin: string,
    private readonly settings: Settings,
    private readonly signal?: AbortSignal,
  ) {}

  private args(args: string[]): string[] {
    return ['--kubeconfig', this.settings.kubeconfig, '--context', this.settings.context, ...args];
  }

  private run(args: string[], ms = 60_000): Promise<ExecResult> {
    return run(this.bin, this.args(args), { timeoutMs: ms, signal: this.signal });
  }

  /** Runs what the learner typed (already split into words) against the lab. */
  learner(args: string[]): Promise<ExecResult> {
    return this.run(args, 60_000);
  }

  async serverVersion(): Promise<string | undefined> {
    const result = await this.run(['version', '-o', 'json'], 30_000);
    return parseKubectlVersion(result.stdout).server;
  }

  async waitForNode(): Promise<void> {
    ensureOk('waiting for the node to be Ready', await this.run(['wait', '--for=condition=Ready', 'node', '--all', '--timeout=180s'], 200_000));
  }

  /** True once the default service account exists (pods can't be created before). */
  async defaultServiceAccount(): Promise<boolean> {
    return (await this.run(['get', 'serviceaccount', 'default', '-o', 'name'], 30_000)).exitCode === 0;
  }

  async apply(file: string): Promise<ExecResult> {
    return ensureOk(`kubectl apply -f ${file}`, await this.run(['apply', '-f', file]));
  }

  async pod(name: string, container?: string): Promise<PodFacts> {
    const result = await this.run(['get', 'pod', name, '-o', 'json', '--ignore-not-found']);
    ensureOk(`kubectl get pod ${name}`, result);
    return result.stdout.trim() === '' ? absentPod(name) : parsePod(JSON.parse(result.stdout), container);
  }

  async events(name: string): Promise<EventFact[]> {
    const result = await this.run(['get', 'events', '--field-selector', `involvedObject.name=${name}`, '-o', 'json']);
    return result.exitCode === 0 ? parseEvents(result.stdout) : [];
  }

  /** Deletes at once: no grace period (a stress PID 1 ignores SIGTERM and would wait 30 s). */
  async deletePodNow(name: string): Promise<ExecResult> {
    return ensureOk(`kubectl delete pod ${name}`, await this.run(['delete', 'pod', name, '--grace-period=0', '--force', '--ignore-not-found']));
  }

  async deleteManifest(file: string): Promise<ExecResult> {
    return this.run(['delete', '-f', file, '--grace-period=0', '--force', '--ignore-not-found']);
  }

  /** Follows one pod by name through the API until stopped; works before it exists and after it is deleted. */
  watchPod(name: string, container: string | undefined, onPod: (pod: PodFacts) => void): Streaming {
    const args = this.args(['get', 'pods', '--field-selector', `metadata.name=${name}`, '--watch', '--output-watch-events', '-o', 'json']);
    return stream(this.bin, args, {
      timeoutMs: 60 * 60_000,
      signal: this.signal,
      onStdoutLine: (line) => {
        const event = parseWatchLine(line);
        const pod = event && podFromWatch(event, name, container);
        if (pod) onPod(pod);
      },
    });
  }
}
