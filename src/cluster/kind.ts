// kind: list, create (its progress streamed from stderr), export the kubeconfig, delete.
import { run } from './exec.js';
import { ensureOk } from './command-failed.js';
import { parseKindClusters } from './parse-tools.js';
import type { Settings } from '../settings.js';

export class Kind {
  constructor(
    private readonly bin: string,
    private readonly settings: Settings,
    private readonly signal?: AbortSignal,
  ) {}

  private opts(ms: number, onStderrLine?: (line: string) => void) {
    return { timeoutMs: ms, signal: this.signal, onStderrLine };
  }

  async clusters(): Promise<string[]> {
    const result = ensureOk('kind get clusters', await run(this.bin, ['get', 'clusters'], this.opts(60_000)));
    return parseKindClusters(result.stdout);
  }

  async exists(): Promise<boolean> {
    return (await this.clusters()).includes(this.settings.clusterName);
  }

  /** Creates the lab cluster; kind writes its context into kubelab's kubeconfig only. */
  async create(onLine: (line: string) => void): Promise<void> {
    const s = this.settings;
    const args = ['create', 'cluster', '--name', s.clusterName, '--kubeconfig', s.kubeconfig];
    if (s.image) args.push('--image', s.image);
    if (s.kindConfig) args.push('--config', s.kindConfig);
    ensureOk('kind create cluster', await run(this.bin, args, this.opts(15 * 60_000, onLine)));
  }

  async exportKubeconfig(): Promise<void> {
    const s = this.settings;
    ensureOk('kind export kubeconfig', await run(this.bin, ['export', 'kubeconfig', '--name', s.clusterName, '--kubeconfig', s.kubeconfig], this.opts(60_000)));
  }

  async delete(onLine?: (line: string) => void): Promise<void> {
    const s = this.settings;
    ensureOk('kind delete cluster', await run(this.bin, ['delete', 'cluster', '--name', s.clusterName, '--kubeconfig', s.kubeconfig], this.opts(5 * 60_000, onLine)));
  }
}
