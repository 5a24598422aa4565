// kubectl, always pointed at the lab: kubelab's own kubeconfig, the lab's context and namespace.
import { readFileSync } from 'node:fs';
import { absent, absentPod, type EventFact, type ObjectFacts, type ObjectKind, type PodFacts } from '../engine/facts.js';
import type { Settings } from '../settings.js';
import { ensureOk } from './command-failed.js';
import { run, stream, type ExecResult, type Streaming } from './exec.js';
import { listItems, parseObject } from './parse-objects.js';
import { parseEvents, parsePod, parseWatchLine } from './parse-pod.js';
import { parseKubectlVersion } from './parse-tools.js';
import { askReadyz, readyzTarget } from './readyz.js';

/** kubectl's resource name for each kind kubelab follows. */
export const RESOURCE: Record<ObjectKind, string> = { pod: 'pods', service: 'services', pvc: 'persistentvolumeclaims', node: 'nodes', deployment: 'deployments' };

export interface Fetched {
  facts: ObjectFacts;
  /** The object as the API returned it (undefined when it does not exist). */
  raw?: unknown;
}

export class Kubectl {
  constructor(
    private readonly bin: string,
    private readonly settings: Settings,
    private readonly signal?: AbortSignal,
  ) {}

  /** The flags every call carries: the lab's kubeconfig, context and namespace. */
  get globalArgs(): string[] {
    return ['--kubeconfig', this.settings.kubeconfig, '--context', this.settings.context, '--namespace', this.settings.namespace];
  }

  private args(args: string[]): string[] {
    return [...this.globalArgs, ...args];
  }

  private run(args: string[], ms = 60_000, cwd?: string): Promise<ExecResult> {
    // kubectl's own limit on each request comes first, so a slow or stuck API server gives kubectl's
    // message rather than a killed process; ours is the backstop.
    const limit = `--request-timeout=${Math.max(5, Math.round((ms * 0.75) / 1000))}s`;
    return run(this.bin, this.args([limit, ...args]), { timeoutMs: ms, signal: this.signal, cwd });
  }

  /** Which API server this kubectl talks to (its kubeconfig and context; the namespace aside). */
  get apiServer(): string {
    return `${this.settings.kubeconfig}\n${this.settings.context}`;
  }

  /**
   * True when the API server answers its readiness endpoint within a few seconds: asked directly
   * where the kubeconfig allows (see readyz.ts), and through kubectl when that gets no plain answer,
   * so only kubectl's failure (and its message) ever counts against the cluster.
   */
  async apiReady(): Promise<{ ok: boolean; result: ExecResult }> {
    let text: string | undefined;
    try {
      text = readFileSync(this.settings.kubeconfig, 'utf8');
    } catch {
      text = undefined;
    }
    const target = text === undefined ? undefined : readyzTarget(text, this.settings.context);
    if (target && !this.signal?.aborted && (await askReadyz(target, 3000))) {
      return { ok: true, result: { command: `GET ${target.url.origin}/readyz`, exitCode: 0, stdout: 'ok', stderr: '', notFound: false, timedOut: false } };
    }
    const result = await run(this.bin, this.args(['get', '--raw', '/readyz', '--request-timeout=5s']), { timeoutMs: 8000, signal: this.signal });
    return { ok: result.exitCode === 0, result };
  }

  /** Runs what the learner typed (already split into words) against the lab, from their workspace if any. */
  learner(args: string[], cwd?: string): Promise<ExecResult> {
    return this.run(args, 60_000, cwd);
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

  /**
   * One look at the lab in a single call: the nodes, the namespace's service accounts and the objects
   * of the given kinds (as `kubectl get` names them). Whether the cluster is ready and what an earlier
   * run left are both read from it.
   */
  async look(kinds: string[]): Promise<{ result: ExecResult; items: unknown[] }> {
    const result = await this.run(['get', ['nodes', 'serviceaccounts', ...kinds].join(','), '-o', 'json'], 30_000);
    return { result, items: result.exitCode === 0 ? listItems(result.stdout) : [] };
  }

  /** Deletes the listed kind/name objects at once, without a grace period (see deletePodNow). */
  async deleteNow(names: string[]): Promise<ExecResult> {
    return ensureOk(`kubectl delete ${names.join(' ')}`, await this.run(['delete', ...names, '--grace-period=0', '--force', '--ignore-not-found']));
  }

  async apply(file: string): Promise<ExecResult> {
    return ensureOk(`kubectl apply -f ${file}`, await this.run(['apply', '-f', file]));
  }

  /** An apply whose failure is part of the lesson: the result, whatever it is. */
  tryApply(file: string): Promise<ExecResult> {
    return this.run(['apply', '-f', file]);
  }

  /** A kubectl call a scenario makes itself (setup, cleanup). */
  call(args: string[]): Promise<ExecResult> {
    return this.run(args);
  }

  async pod(name: string, container?: string): Promise<PodFacts> {
    const result = await this.run(['get', 'pod', name, '-o', 'json', '--ignore-not-found']);
    ensureOk(`kubectl get pod ${name}`, result);
    return result.stdout.trim() === '' ? absentPod(name) : parsePod(JSON.parse(result.stdout), container);
  }

  /** One object by kind and name; a Service comes with its Endpoints, a node without a name is the first one. */
  async object(kind: ObjectKind, name: string | undefined, container?: string): Promise<Fetched> {
    if (kind === 'node' && name === undefined) {
      const nodes = await this.list('node');
      return nodes[0] ?? { facts: absent('node', 'the node') };
    }
    const result = await this.run(['get', RESOURCE[kind], name!, '-o', 'json', '--ignore-not-found']);
    ensureOk(`kubectl get ${kind} ${name}`, result);
    if (result.stdout.trim() === '') return { facts: absent(kind, name!) };
    const raw = JSON.parse(result.stdout) as unknown;
    const endpoints = kind === 'service' ? await this.endpoints(name!) : undefined;
    return { facts: parseObject(kind, raw, container, endpoints), raw };
  }

  private async endpoints(name: string): Promise<unknown> {
    const result = await this.run(['get', 'endpoints', name, '-o', 'json', '--ignore-not-found']);
    return result.exitCode === 0 && result.stdout.trim() !== '' ? (JSON.parse(result.stdout) as unknown) : undefined;
  }

  /** Every object of a kind in the lab's namespace (nodes: the cluster's). */
  async list(kind: ObjectKind, container?: string): Promise<Fetched[]> {
    const result = ensureOk(`kubectl get ${RESOURCE[kind]}`, await this.run(['get', RESOURCE[kind], '-o', 'json']));
    return listItems(result.stdout).map((raw) => ({ facts: parseObject(kind, raw, container), raw }));
  }

  /** Events about an object; with its uid, only this incarnation's (not an earlier pod of the same name). */
  async events(name?: string, uid?: string): Promise<EventFact[]> {
    const selector = name === undefined ? [] : ['--field-selector', `involvedObject.name=${name}${uid ? `,involvedObject.uid=${uid}` : ''}`];
    const result = await this.run(['get', 'events', ...selector, '-o', 'json']);
    return result.exitCode === 0 ? parseEvents(result.stdout) : [];
  }

  /** A command inside a pod's container, without a terminal; its own exit code is the result's. */
  exec(pod: string, container: string | undefined, command: string[], ms = 30_000): Promise<ExecResult> {
    return this.run(['exec', pod, ...(container ? ['-c', container] : []), '--', ...command], ms);
  }

  /** Deletes at once: no grace period (a stress PID 1 ignores SIGTERM and would wait 30 s). */
  async deletePodNow(name: string): Promise<ExecResult> {
    return ensureOk(`kubectl delete pod ${name}`, await this.run(['delete', 'pod', name, '--grace-period=0', '--force', '--ignore-not-found']));
  }

  async deleteObject(kind: ObjectKind, name: string): Promise<ExecResult> {
    return this.run(['delete', RESOURCE[kind], name, '--grace-period=0', '--force', '--ignore-not-found']);
  }

  /** Deletes what the manifest files make, all files in one call, without a grace period. */
  async deleteManifest(...files: string[]): Promise<ExecResult> {
    return this.run(['delete', ...files.flatMap((file) => ['-f', file]), '--grace-period=0', '--force', '--ignore-not-found']);
  }

  /** Follows objects of one kind (one by name, or all in the namespace) until stopped; raw objects arrive with their watch type. */
  watch(kind: ObjectKind | 'endpoints', name: string | undefined, onEvent: (type: 'ADDED' | 'MODIFIED' | 'DELETED', object: unknown) => void): Streaming {
    const resource = kind === 'endpoints' ? 'endpoints' : RESOURCE[kind];
    const selector = name === undefined ? [] : ['--field-selector', `metadata.name=${name}`];
    const args = this.args(['get', resource, ...selector, '--watch', '--output-watch-events', '-o', 'json']);
    return stream(this.bin, args, {
      timeoutMs: 60 * 60_000,
      signal: this.signal,
      onStdoutLine: (line) => {
        const event = parseWatchLine(line);
        if (event && (event.type === 'ADDED' || event.type === 'MODIFIED' || event.type === 'DELETED')) onEvent(event.type, event.object);
      },
    });
  }

  /** Follows one pod by name through the API until stopped, with the object as the API sent it; works before it exists and after it is deleted. */
  watchPod(name: string, container: string | undefined, onPod: (pod: PodFacts, raw: unknown) => void): Streaming {
    return this.watch('pod', name, (type, object) => (type === 'DELETED' ? onPod(absentPod(name), undefined) : onPod(parsePod(object, container), object)));
  }
}
