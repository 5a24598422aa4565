// How soon kubelab sees a change in the API: from the stand-in store writing a pod (its object
// file's time) to kubelab's watch (kubectl get --watch --output-watch-events) handing the change on.
// The issue's limit is 0.5 s on a real cluster; the stand-ins' watch polls every 20 ms, so what is
// measured here is kubelab's side: a kubectl child, its pipe, the line split and the parse.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kubectl } from '../../src/cluster/kubectl.js';
import type { PodFacts } from '../../src/engine/facts.js';
import { settingsFrom } from '../../src/settings.js';
import { BIN, standIns, type StandIns } from '../fixtures/harness.js';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

let lab: StandIns;
beforeAll(async () => {
  lab = await standIns('latency');
  // kubelab's own kubectl children find the same stand-in state.
  process.env.KUBELAB_FAKE_STATE = join(lab.root, 'state');
  await lab.apply('apiVersion: v1\nkind: Pod\nmetadata: { name: web }\nspec:\n  containers: [{ name: web, image: nginx:alpine }]\n');
  await lab.until(['pod', 'web'], '{.status.phase}', 'Running');
}, 60_000);
afterAll(() => lab?.cleanup());

describe('a status change in the API, as kubelab sees it', () => {
  it('arrives within 0.5 s of the store changing, every time', { timeout: 60_000 }, async () => {
    const settings = { ...settingsFrom({ cluster: 'lab' }, { HOME: lab.root }), kubeconfig: join(lab.root, 'kubeconfig'), context: 'kind-lab' };
    const kubectl = new Kubectl(join(BIN, 'kubectl'), settings);
    const file = join(lab.root, 'state', 'objects', 'lab', 'pod', 'default__web.json');
    const seen: { at: number; pod: PodFacts }[] = [];
    const watch = kubectl.watchPod('web', 'web', (pod) => seen.push({ at: Date.now(), pod }));
    const waitFor = async (ok: (pod: PodFacts) => boolean, from: number) => {
      for (const end = Date.now() + 10_000; Date.now() < end; await new Promise((r) => setTimeout(r, 5))) {
        const hit = seen.slice(from).find((s) => ok(s.pod));
        if (hit) return hit;
      }
      throw new Error('kubelab never saw the change');
    };
    try {
      await waitFor((p) => p.status === 'Running', 0);
      const latencies: number[] = [];
      // Changes kubelab must notice: the labels its exercise criteria select on, then a delete (Terminating).
      for (let i = 0; i < 5; i++) {
        const from = seen.length;
        const before = Date.now();
        expect((await lab.kubectl(['label', 'pod', 'web', `round=r${i}`, '--overwrite'])).code).toBe(0);
        const written = statSync(file).mtimeMs;
        expect(written).toBeGreaterThanOrEqual(before - 5);
        const hit = await waitFor((p) => p.labels.round === `r${i}`, from);
        latencies.push(hit.at - written);
      }
      const from = seen.length;
      expect((await lab.kubectl(['delete', 'pod', 'web', '--wait=false'])).code).toBe(0);
      const written = statSync(file).mtimeMs;
      const terminating = await waitFor((p) => p.status === 'Terminating', from);
      latencies.push(terminating.at - written);
      console.log(`status-change latency on the stand-ins (ms): median ${median(latencies).toFixed(0)}, max ${Math.max(...latencies).toFixed(0)}, each ${latencies.map((l) => l.toFixed(0)).join(' ')}`);
      expect(Math.max(...latencies)).toBeLessThan(500);
      expect(Math.min(...latencies)).toBeGreaterThanOrEqual(0);
    } finally {
      watch.stop();
    }
  });
});
