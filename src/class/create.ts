// kubelab class create: per learner a namespace with limited rights, a quota and default limits,
// and a kubeconfig carrying a time-limited token (TokenRequest), written for the instructor to hand out.
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { stringify } from '../vendor/yaml.js';
import { ensureOk } from '../cluster/command-failed.js';
import { LabError } from '../errors.js';
import type { Admin } from './admin.js';
import { learnerKubeconfig, learnerName, learnerNamespace, learnerObjects, SERVICE_ACCOUNT } from './manifests.js';

export interface CreatedLearner {
  learner: string;
  namespace: string;
  kubeconfig: string;
  expires: string;
}

export async function createClass(admin: Admin, klass: string, count: number, outDir: string, duration: string, say: (line: string) => void): Promise<CreatedLearner[]> {
  const out = resolve(outDir);
  const learners = Array.from({ length: count }, (_, i) => learnerName(i + 1, count));
  const files = learners.map((l) => join(out, `${l}.kubeconfig`));
  const taken = files.filter((f) => existsSync(f));
  if (taken.length > 0) throw new LabError(`${taken.length} kubeconfig(s) already exist in ${out} (${taken[0]}…); kubelab does not write over them.`, 'Choose another folder with --out <dir>, or move those files away.');
  if ((await admin.run(['auth', 'can-i', 'create', 'namespaces'])).stdout.trim() !== 'yes') {
    throw new LabError('These credentials may not create namespaces, so they can not set up a class.', 'Use the cluster administrator\'s kubeconfig (--kubeconfig), and --context if it holds several.');
  }
  const cluster = await admin.cluster();
  say(`Creating ${count} namespaces for the class ${klass} on ${cluster.server}`);
  await admin.apply(learners.flatMap((l) => learnerObjects(klass, l)));
  mkdirSync(out, { recursive: true, mode: 0o700 });
  const created: CreatedLearner[] = [];
  for (const [i, learner] of learners.entries()) {
    const namespace = learnerNamespace(klass, learner);
    const token = (await admin.ok(`kubectl create token ${SERVICE_ACCOUNT} -n ${namespace}`, ['create', 'token', SERVICE_ACCOUNT, '-n', namespace, `--duration=${duration}`])).stdout.trim();
    writeFileSync(files[i]!, stringify(learnerKubeconfig({ klass, learner, server: cluster.server, caData: cluster.caData, insecure: cluster.insecure, token })), { mode: 0o600 });
    chmodSync(files[i]!, 0o600);
    created.push({ learner, namespace, kubeconfig: files[i]!, expires: new Date(Date.now() + durationMs(duration)).toISOString() });
  }
  return created;
}

export function durationMs(text: string): number {
  const m = /^(\d+)([smh])$/.exec(text);
  if (!m) return 0;
  return Number(m[1]) * ({ s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 's' | 'm' | 'h']);
}

/** kubelab class delete: every namespace of the class, and with it everything in them. */
export async function deleteClass(admin: Admin, klass: string, say: (line: string) => void): Promise<number> {
  const selector = `kubelab.dev/class=${klass}`;
  const listed = await admin.ok('kubectl get namespaces', ['get', 'namespaces', '-l', selector, '-o', 'name']);
  const names = listed.stdout.split('\n').map((l) => l.trim()).filter(Boolean);
  if (names.length === 0) {
    say(`There is no class named ${klass} on this cluster; nothing to delete.`);
    return 0;
  }
  say(`Deleting ${names.length} namespaces of the class ${klass} (their pods, services and progress go with them)…`);
  await admin.ok('kubectl delete namespaces', ['delete', 'namespaces', '-l', selector, '--wait=false']);
  // A namespace goes only once its pods have, and a stress PID 1 ignores SIGTERM for its whole grace
  // period: the class's pods are removed at once, a few namespaces at a time.
  const queue = names.map((n) => n.replace(/^namespace\//, ''));
  const worker = async () => {
    for (let ns = queue.shift(); ns !== undefined; ns = queue.shift()) await admin.run(['delete', 'pods', '--all', '--grace-period=0', '--force', '--namespace', ns]);
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  const waited = await admin.run(['wait', '--for=delete', 'namespaces', '-l', selector, '--timeout=10m'], 11 * 60_000);
  // None left to wait for is what was wanted.
  if (!/no matching resources found/.test(waited.stderr)) ensureOk('kubectl wait for the namespaces to go', waited);
  return names.length;
}
