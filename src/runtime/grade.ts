// `kubelab check`: grades the cluster as it is, changing nothing. The goal steps decide the grade;
// the other checks are reported for what they show.
import { Kind } from '../cluster/kind.js';
import { Kubectl } from '../cluster/kubectl.js';
import { preflight } from '../cluster/preflight.js';
import { describeCheck, evaluate, type CheckResult } from '../engine/checks.js';
import { parseDuration } from '../engine/durations.js';
import type { Emit } from '../engine/events.js';
import type { PodFacts } from '../engine/facts.js';
import { LabError } from '../errors.js';
import type { Scenario } from '../scenario/load.js';
import type { Settings } from '../settings.js';

export async function gradeCluster(scenario: Scenario, settings: Settings, emit: Emit, signal: AbortSignal): Promise<{ ok: boolean }> {
  const checked = await preflight(settings, signal);
  if (!checked.tools.kind || !checked.tools.kubectl || !checked.items.find((i) => i.name === 'docker')?.ok) {
    emit({ type: 'preflight', items: checked.items });
    throw new LabError('kubelab check needs Docker, kind and kubectl.', 'Run kubelab doctor to see what is missing.');
  }
  const kind = new Kind(checked.tools.kind, settings, signal);
  if (!(await kind.exists())) {
    throw new LabError(`There is no lab cluster named "${settings.clusterName}" to check.`, `Start the lab first: kubelab start ${scenario.id}`);
  }
  await kind.exportKubeconfig();
  const kubectl = new Kubectl(checked.tools.kubectl, settings, signal);
  emit({ type: 'run.start', scenario: scenario.id, title: scenario.title, mode: 'check', cluster: settings.clusterName, at: Date.now() });
  const pods = new Map<string, PodFacts>();
  let passed = 0;
  let failed = 0;
  for (const step of scenario.steps) {
    if (step.kind !== 'watch' && step.kind !== 'verify') continue;
    const target = scenario.targets[step.target]!;
    const pod = pods.get(target.name) ?? (await kubectl.pod(target.name, target.container));
    pods.set(target.name, pod);
    const goal = step.goal;
    if (!goal && !pod.exists) {
      emit({ type: 'notice', level: 'info', text: `${step.title}: pod ${target.name} is not there (already cleaned up?), not graded` });
      continue;
    }
    const checks = step.kind === 'watch' ? step.until : step.checks;
    const events = checks.some((c) => c.type === 'event') ? await kubectl.events(target.name) : undefined;
    const results: { name: string; result: CheckResult }[] = checks.map((c) => ({ name: describeCheck(c), result: evaluate(c, { pod, events, node: { cgroupVersion: checked.docker.cgroupVersion } }) }));
    if (step.kind === 'watch' && step.stableFor) results.push({ name: `stable for ${step.stableFor}`, result: stableFor(pod, parseDuration(step.stableFor)) });
    for (const { name, result } of results) {
      emit({ type: 'check', step: step.id, check: name, ok: result.ok, message: `${step.title}: ${result.message}`, note: result.note, lookAt: result.lookAt });
      if (goal) result.ok ? passed++ : failed++;
    }
  }
  const ok = failed === 0 && passed > 0;
  emit({ type: 'run.end', ok, passed, failed, seconds: 0, cluster: settings.clusterName, clusterState: ok ? 'The fix holds.' : 'Not fixed yet.' });
  return { ok };
}

/** Stable from one snapshot: running with no restart for at least the window. */
function stableFor(pod: PodFacts, ms: number): CheckResult {
  if (!pod.exists || pod.state?.kind !== 'running' || !pod.state.startedAt) {
    return { ok: false, message: `expected the container to be running for ${ms / 1000}s, it is ${pod.exists ? pod.status : 'not there'}` };
  }
  const age = Date.now() - Date.parse(pod.state.startedAt);
  return age >= ms && pod.restartCount === 0
    ? { ok: true, message: `running for ${Math.round(age / 1000)}s with no restart` }
    : { ok: false, message: `running for ${Math.round(age / 1000)}s with ${pod.restartCount} restart(s); needs ${ms / 1000}s with none` };
}
