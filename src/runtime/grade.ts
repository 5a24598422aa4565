// `kubelab check`: grades the cluster as it is, changing nothing. With an exercise, its criteria
// and guards decide (for every pod running the workload, whatever its name); otherwise the lesson's
// goal steps do.
import { Kind } from '../cluster/kind.js';
import { Kubectl } from '../cluster/kubectl.js';
import { preflight } from '../cluster/preflight.js';
import { describeCheck, evaluate, type CheckResult, type ExecOutcome } from '../engine/checks/index.js';
import { parseDuration } from '../engine/durations.js';
import type { CriterionState, Emit } from '../engine/events.js';
import { execNeeds, gradeExercise, workloadPods } from '../engine/exercise.js';
import { execKey } from '../engine/checks/index.js';
import type { NodeContext } from '../engine/exit-codes.js';
import type { ObjectFacts, PodFacts } from '../engine/facts.js';
import { LabError } from '../errors.js';
import type { ProgressStore } from '../progress/store.js';
import type { Scenario } from '../scenario/load.js';
import type { Settings } from '../settings.js';
import { findTools } from '../cluster/tools.js';
import { minorOf } from '../cluster/parse-tools.js';
import { fetchTarget } from './context.js';
import { connectExisting } from './existing-cluster.js';
import { criteriaTargets } from './exercise/grader.js';
import { readExercise, updateExercise } from './exercise/record.js';

export async function gradeCluster(scenario: Scenario, settings: Settings, emit: Emit, signal: AbortSignal, store?: ProgressStore): Promise<{ ok: boolean }> {
  const { kubectl, node } = settings.mode === 'existing' ? await existingCluster(settings, emit, signal) : await kindCluster(scenario, settings, emit, signal);
  emit({ type: 'run.start', scenario: scenario.id, title: scenario.title, mode: 'check', cluster: settings.clusterName });
  const started = Date.now();
  const { passed, failed } = scenario.exercise ? await gradeExerciseNow(scenario, kubectl, node, emit) : await gradeGoalSteps(scenario, kubectl, node, emit);
  const ok = failed === 0 && passed > 0;
  if (store && readExercise(store, scenario.id)) {
    updateExercise(store, scenario.id, (r) => ({ ...r, attempts: r.attempts + 1, status: ok && r.status === 'open' ? 'fixed' : r.status }));
  }
  emit({ type: 'run.end', ok, passed, failed, seconds: (Date.now() - started) / 1000, cluster: settings.clusterName, clusterState: ok ? 'The fix holds.' : 'Not fixed yet.' });
  return { ok };
}

/** A class's cluster: only kubectl is needed, quietly connected. */
async function existingCluster(settings: Settings, emit: Emit, signal: AbortSignal): Promise<{ kubectl: Kubectl; node: NodeContext }> {
  const bin = findTools(settings.binDir).kubectl;
  if (!bin) throw new LabError('kubelab check needs kubectl.', 'kubelab doctor --install kubectl');
  const { kubectl, serverVersion } = await connectExisting(settings, bin, (e) => (e.type === 'cluster.ready' ? undefined : emit(e)), signal);
  return { kubectl, node: { serverMinor: minorOf(serverVersion) } };
}

/** kubelab's kind cluster as it is: never created here. */
async function kindCluster(scenario: Scenario, settings: Settings, emit: Emit, signal: AbortSignal): Promise<{ kubectl: Kubectl; node: NodeContext }> {
  const checked = await preflight(settings, signal);
  if (!checked.tools.kind || !checked.tools.kubectl || !checked.items.find((i) => i.name === 'docker')?.ok) {
    emit({ type: 'preflight', items: checked.items });
    throw new LabError('kubelab check needs Docker, kind and kubectl.', 'Run kubelab doctor to see what is missing.');
  }
  const kind = new Kind(checked.tools.kind, settings, signal);
  if (!(await kind.exists())) {
    throw new LabError(`There is no lab cluster named "${settings.clusterName}" to check.`, `Start the lab first: kubelab exercise ${scenario.id} (or kubelab start ${scenario.id})`);
  }
  await kind.exportKubeconfig();
  return { kubectl: new Kubectl(checked.tools.kubectl, settings, signal), node: { cgroupVersion: checked.docker.cgroupVersion } };
}

async function gradeExerciseNow(scenario: Scenario, kubectl: Kubectl, node: NodeContext, emit: Emit): Promise<{ passed: number; failed: number }> {
  const graded = await snapshotGrade(scenario, kubectl, node);
  const pods = graded.at(-1)!.pods;
  const all: CriterionState[] = graded.map(({ pods: _pods, ...item }) => item);
  emit({ type: 'criteria', items: all, holding: all.every((i) => i.ok), heldSeconds: 0, stableSeconds: parseDuration(scenario.exercise!.stableFor) / 1000, pods });
  for (const item of all) emit({ type: 'check', step: 'exercise', check: item.name, ok: item.ok, message: item.message, note: item.ok ? undefined : item.note, lookAt: item.ok ? undefined : item.lookAt });
  return { passed: all.filter((i) => i.ok).length, failed: all.filter((i) => !i.ok).length };
}

/** The exercise's criteria and guards on the cluster as it is, and whether the workload has run the whole window. */
export async function snapshotGrade(scenario: Scenario, kubectl: Kubectl, node: NodeContext): Promise<(CriterionState & { pods: string[] })[]> {
  const spec = scenario.exercise!;
  const listed = (await kubectl.list('pod')).map((f) => f.facts as PodFacts);
  const targets = new Map<string, ObjectFacts>();
  for (const key of criteriaTargets(scenario)) targets.set(key, (await fetchTarget({ scenario, kubectl }, key)).facts);
  const exec = new Map<string, Map<string, ExecOutcome>>();
  for (const need of execNeeds(spec, listed)) {
    const result = await kubectl.exec(need.pod, need.container, need.command, 15_000);
    const outcomes = exec.get(need.pod) ?? new Map<string, ExecOutcome>();
    outcomes.set(execKey(need.command), { exitCode: result.exitCode, output: `${result.stdout}${result.stderr}` });
    exec.set(need.pod, outcomes);
  }
  const items = gradeExercise(spec, { pods: listed, targets, exec, node });
  const workload = workloadPods(spec.workload, listed);
  const stableMs = parseDuration(spec.stableFor);
  const stable: CriterionState = workload.length === 0
    ? { id: 'stable', name: `stable for ${spec.stableFor}`, guard: false, ok: false, message: 'no workload pod to time' }
    : { id: 'stable', name: `stable for ${spec.stableFor}`, guard: false, ...leastStable(workload, stableMs) };
  const pods = workload.map((p) => p.name);
  return [...items, stable].map((i) => ({ ...i, pods }));
}

/** The workload pod that has run the shortest time decides whether the window is full. */
function leastStable(pods: PodFacts[], ms: number): CheckResult {
  const results = pods.map((pod) => stableFor(pod, ms));
  return results.find((r) => !r.ok) ?? results[0]!;
}

async function gradeGoalSteps(scenario: Scenario, kubectl: Kubectl, node: NodeContext, emit: Emit): Promise<{ passed: number; failed: number }> {
  const seen = new Map<string, ObjectFacts>();
  let passed = 0;
  let failed = 0;
  for (const step of scenario.steps) {
    if (step.kind !== 'watch' && step.kind !== 'verify') continue;
    const subject = seen.get(step.target) ?? (await fetchTarget({ scenario, kubectl }, step.target)).facts;
    seen.set(step.target, subject);
    if (!step.goal && !subject.exists) {
      emit({ type: 'notice', level: 'info', text: `${step.title}: ${subject.kind} ${subject.name} is not there (already cleaned up?), not graded` });
      continue;
    }
    const checks = step.kind === 'watch' ? step.until : step.checks;
    const events = checks.some((c) => c.type === 'event') ? await kubectl.events(subject.name, subject.kind === 'pod' ? subject.uid : undefined) : undefined;
    const results = checks.filter((c) => c.type !== 'exec').map((c) => ({ name: describeCheck(c), result: evaluate(c, { subject, events, node }) }));
    if (step.kind === 'watch' && step.stableFor && subject.kind === 'pod') results.push({ name: `stable for ${step.stableFor}`, result: stableFor(subject, parseDuration(step.stableFor)) });
    for (const { name, result } of results) {
      emit({ type: 'check', step: step.id, check: name, ok: result.ok, message: `${step.title}: ${result.message}`, note: result.note, lookAt: result.lookAt });
      if (step.goal) result.ok ? passed++ : failed++;
    }
  }
  return { passed, failed };
}

/** Stable from one snapshot: running with no restart for at least the window. */
function stableFor(pod: PodFacts, ms: number): CheckResult {
  if (!pod.exists || pod.state?.kind !== 'running' || !pod.state.startedAt) {
    return { ok: false, message: `expected ${pod.name} to be running for ${ms / 1000}s, it is ${pod.exists ? pod.status : 'not there'}` };
  }
  const age = Date.now() - Date.parse(pod.state.startedAt);
  return age >= ms && pod.restartCount === 0
    ? { ok: true, message: `${pod.name} running for ${Math.round(age / 1000)}s with no restart` }
    : { ok: false, message: `${pod.name} running for ${Math.round(age / 1000)}s with ${pod.restartCount} restart(s); needs ${ms / 1000}s with none`, lookAt: 'run kubelab check again in a few seconds, or kubelab exercise to watch it' };
}
