// The instructor's kubectl: the admin kubeconfig and context, across the class's namespaces.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureOk } from '../cluster/command-failed.js';
import { run, stream, type ExecResult, type Streaming } from '../cluster/exec.js';
import { parseWatchLine } from '../cluster/parse-pod.js';
import { findTools } from '../cluster/tools.js';
import { LabError } from '../errors.js';
import type { Settings } from '../settings.js';

export class Admin {
  readonly bin: string;
  constructor(private readonly settings: Settings, private readonly signal: AbortSignal) {
    const bin = findTools(settings.binDir).kubectl;
    if (!bin) throw new LabError('kubectl is not installed.', 'kubelab can download a pinned one: kubelab doctor --install kubectl');
    this.bin = bin;
  }

  private get global(): string[] {
    return ['--kubeconfig', this.settings.kubeconfig, ...(this.settings.context ? ['--context', this.settings.context] : [])];
  }

  run(args: string[], ms = 60_000): Promise<ExecResult> {
    return run(this.bin, [...this.global, `--request-timeout=${Math.round(ms * 0.75 / 1000)}s`, ...args], { timeoutMs: ms, signal: this.signal });
  }

  async ok(what: string, args: string[], ms?: number): Promise<ExecResult> {
    return ensureOk(what, await this.run(args, ms));
  }

  /** Applies objects (JSON docs) through a temporary file, so nothing goes through a shell. */
  async apply(docs: unknown[]): Promise<ExecResult> {
    const dir = mkdtempSync(join(tmpdir(), 'kubelab-class-'));
    try {
      const file = join(dir, 'objects.json');
      writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: docs }));
      return await this.ok('kubectl apply (class objects)', ['apply', '-f', file]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  /** The admin context's cluster: server and CA, as the learner kubeconfigs need them. */
  async cluster(): Promise<{ server: string; caData?: string; insecure?: boolean; context: string }> {
    const view = JSON.parse((await this.ok('kubectl config view', ['config', 'view', '--minify', '--raw', '-o', 'json'])).stdout) as {
      'current-context'?: string;
      clusters?: { cluster?: { server?: string; 'certificate-authority-data'?: string; 'certificate-authority'?: string; 'insecure-skip-tls-verify'?: boolean } }[];
    };
    const c = view.clusters?.[0]?.cluster;
    if (!c?.server) throw new LabError(`${this.settings.kubeconfig} names no cluster server.`, 'Give the kubeconfig you use to administer the class cluster.');
    const caData = c['certificate-authority-data'] ?? (c['certificate-authority'] ? readFileSync(c['certificate-authority']).toString('base64') : undefined);
    return { server: c.server, caData, insecure: c['insecure-skip-tls-verify'], context: view['current-context'] ?? this.settings.context };
  }

  /** Follows a resource across every namespace (filtered by label) until stopped. */
  watchAll(resource: string, selector: string | undefined, onEvent: (type: string, object: unknown) => void): Streaming {
    const args = [...this.global, 'get', resource, '--all-namespaces', ...(selector ? ['-l', selector] : []), '--watch', '--output-watch-events', '-o', 'json'];
    return stream(this.bin, args, {
      timeoutMs: 24 * 60 * 60_000,
      signal: this.signal,
      onStdoutLine: (line) => {
        const event = parseWatchLine(line);
        if (event && event.type !== 'BOOKMARK' && event.type !== 'ERROR') onEvent(event.type, event.object);
      },
    });
  }
}
