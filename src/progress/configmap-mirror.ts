// In a class, the learner's progress is also kept in their namespace (a ConfigMap their Role may
// write), where the instructor's board reads it. Writes are queued; the latest one wins.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../cluster/exec.js';
import { PROGRESS_CONFIGMAP, PROGRESS_LABEL } from '../class/manifests.js';
import type { LearnerProgress } from '../engine/learner-progress.js';
import type { Settings } from '../settings.js';
import type { ProgressMirror } from './store.js';

export function configMapMirror(settings: Settings, kubectl: string, onError: (message: string) => void): ProgressMirror {
  let pending: LearnerProgress | undefined;
  let running: Promise<void> | undefined;
  let warned = false;
  const push = async (): Promise<void> => {
    while (pending) {
      const progress = pending;
      pending = undefined;
      const dir = mkdtempSync(join(tmpdir(), 'kubelab-progress-'));
      try {
        const file = join(dir, 'configmap.json');
        writeFileSync(file, JSON.stringify({
          apiVersion: 'v1', kind: 'ConfigMap',
          metadata: { name: PROGRESS_CONFIGMAP, labels: { [PROGRESS_LABEL]: 'true' }, annotations: { 'kubelab.dev/updated-at': new Date().toISOString() } },
          data: { 'progress.json': JSON.stringify(progress) },
        }));
        const result = await run(kubectl, ['--kubeconfig', settings.kubeconfig, '--context', settings.context, '--namespace', settings.namespace, 'apply', '-f', file, '--request-timeout=15s'], { timeoutMs: 20_000 });
        if (result.exitCode !== 0 && !warned) {
          warned = true;
          onError(`Your progress could not be saved in your namespace (${result.stderr.trim().split('\n').at(-1)}); it is still kept on this machine.`);
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  };
  return {
    write(progress) {
      pending = progress;
      running ??= push().finally(() => (running = undefined));
    },
    async flush() {
      while (running) await running;
    },
  };
}
