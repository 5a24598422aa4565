// Status-change latency on the stand-ins: from the stand-in store writing a pod (its object file's
// time) to kubelab's watch (dist/cluster/kubectl.js, kubectl get --watch --output-watch-events)
// handing the change on. Real milliseconds; the stand-ins' own watch polls every 20 ms.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { median } from './stats.mjs';

function tool(bin, name, args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(join(bin, name), args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`${name} ${args.join(' ')}: ${stderr}`))));
  });
}

export async function runLatency({ root, samples = 10 }) {
  const dir = mkdtempSync(join(tmpdir(), 'kubelab-latency-'));
  const bin = join(root, 'test', 'fixtures', 'bin');
  const kubeconfig = join(dir, 'kubeconfig');
  // kubelab's kubectl children read the same stand-in state.
  process.env.KUBELAB_FAKE_STATE = join(dir, 'state');
  const env = { ...process.env, HOME: dir };
  const kubectl = (args) => tool(bin, 'kubectl', ['--kubeconfig', kubeconfig, '--context', 'kind-lab', '--namespace', 'default', ...args], env);
  const { Kubectl } = await import(new URL('../../dist/cluster/kubectl.js', import.meta.url));
  const { settingsFrom } = await import(new URL('../../dist/settings.js', import.meta.url));
  let watch;
  try {
    await tool(bin, 'kind', ['create', 'cluster', '--name', 'lab', '--kubeconfig', kubeconfig], env);
    writeFileSync(join(dir, 'pod.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: { name: web }\nspec:\n  containers: [{ name: web, image: nginx:alpine }]\n');
    await kubectl(['apply', '-f', join(dir, 'pod.yaml')]);
    const settings = { ...settingsFrom({ cluster: 'lab' }, { HOME: dir }), kubeconfig, context: 'kind-lab' };
    const seen = [];
    watch = new Kubectl(join(bin, 'kubectl'), settings).watchPod('web', 'web', (pod) => seen.push({ at: Date.now(), pod }));
    const waitFor = async (ok, from) => {
      for (const end = Date.now() + 20_000; Date.now() < end; await sleep(5)) {
        const hit = seen.slice(from).find((s) => ok(s.pod));
        if (hit) return hit;
      }
      throw new Error('kubelab never saw the change');
    };
    await waitFor((p) => p.status === 'Running', 0);
    const file = join(dir, 'state', 'objects', 'lab', 'pod', 'default__web.json');
    const latencies = [];
    for (let i = 0; i < samples; i++) {
      const from = seen.length;
      await kubectl(['label', 'pod', 'web', `round=r${i}`, '--overwrite']);
      const written = statSync(file).mtimeMs;
      latencies.push((await waitFor((p) => p.labels.round === `r${i}`, from)).at - written);
    }
    return { samples, medianMs: median(latencies), maxMs: Math.max(...latencies) };
  } finally {
    watch?.stop();
    await sleep(100);
    rmSync(dir, { recursive: true, force: true });
  }
}
