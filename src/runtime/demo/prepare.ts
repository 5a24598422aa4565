// kubelab demo --prepare: the doctor's checks, the cluster up, and every image the scenario uses
// pulled onto the node, so the live demo never waits on a download. Ends with "ready" or what to fix.
import { readFileSync } from 'node:fs';
import { run } from '../../cluster/exec.js';
import type { Emit } from '../../engine/events.js';
import { manifestImages } from '../../engine/images.js';
import type { Scenario } from '../../scenario/load.js';
import type { Settings } from '../../settings.js';
import type { ClusterPhase } from '../cluster-up.js';
import type { InstallConsent } from '../prepare.js';
import { resetScenario } from '../scenario-state.js';
import { openSession } from '../session.js';

export interface PrepareOptions {
  scenario: Scenario;
  settings: Settings;
  emit: Emit;
  signal: AbortSignal;
  consent: InstallConsent;
}

export async function prepareDemo(options: PrepareOptions): Promise<boolean> {
  const { scenario, settings, emit, signal } = options;
  const phase: ClusterPhase = { state: 'none' };
  emit({ type: 'run.start', scenario: scenario.id, title: `Preparing the demo: ${scenario.title}`, mode: 'demo', cluster: settings.clusterName });
  const session = await openSession(settings, emit, signal, options.consent, phase);
  await resetScenario({ scenario, kubectl: session.kubectl, emit });
  const brokenOnly = new Set(scenario.exercise?.break ?? ['issue']);
  const problems: string[] = [];
  const usedBy = new Map<string, Set<string>>();
  for (const [key, file] of Object.entries(scenario.manifestPaths)) {
    for (const image of manifestImages(readFileSync(file, 'utf8'))) usedBy.set(image, (usedBy.get(image) ?? new Set()).add(key));
  }
  for (const [image, keys] of usedBy) {
    if (!session.tools.docker) {
      emit({ type: 'notice', level: 'warn', text: `No docker here to reach the node; ${image} will be pulled when the demo first uses it.` });
      continue;
    }
    const started = Date.now();
    const result = await run(session.tools.docker, ['exec', settings.nodeContainer, 'crictl', 'pull', image], { timeoutMs: 10 * 60_000, signal });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (result.exitCode === 0) {
      emit({ type: 'check', step: 'prepare', check: `image ${image} on the node`, ok: true, message: `${image} is on the node (${seconds}s)` });
      continue;
    }
    const why = (result.stderr.trim() || result.stdout.trim()).split('\n').at(-1) ?? `exit code ${result.exitCode}`;
    if ([...keys].every((k) => brokenOnly.has(k))) {
      emit({ type: 'notice', level: 'info', text: `${image} can't be pulled, and only the broken manifest uses it: that is what the lesson shows (${why})` });
    } else {
      problems.push(`${image} (used by ${[...keys].join(', ')}) can't be pulled: ${why}`);
      emit({ type: 'check', step: 'prepare', check: `image ${image} on the node`, ok: false, message: `${image} can't be pulled: ${why}`, lookAt: 'the node\'s network and registry access; offline, kind load docker-image' });
    }
  }
  const ready = problems.length === 0;
  emit({
    type: 'run.end', ok: ready, passed: usedBy.size - problems.length, failed: problems.length, seconds: 0, cluster: settings.clusterName,
    clusterState: ready ? `Ready: the cluster "${settings.clusterName}" is up and every image is on the node. Start with: kubelab demo ${scenario.id}` : `Not ready: ${problems.join('; ')}.`,
  });
  return ready;
}
