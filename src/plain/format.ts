// Turns each lab event into readable lines: the plain reporter's whole vocabulary.
import type { LabEvent } from '../engine/events.js';
import type { Paint } from './paint.js';

/** What each of describe's known lines tells the reader. */
export const POINT_LABELS: Readonly<Record<string, string>> = { reason: 'why it stopped', exitCode: 'how it ended', limit: 'the memory it was allowed' };

/** What happened, in the person's words, for each signal that stops a run. */
const STOPPED_BY: Readonly<Record<string, string>> = {
  SIGINT: 'Stopped (Ctrl+C).',
  SIGTERM: 'Stopped: kubelab was asked to end (SIGTERM).',
  SIGHUP: 'Stopped: the terminal was closed (SIGHUP).',
};

const pointLabel = (pt: { label: string }): string => POINT_LABELS[pt.label] ?? 'read this';

export function formatEvent(e: LabEvent, p: Paint, showNotes = false): string[] {
  switch (e.type) {
    case 'run.start':
      return [p.bold(`kubelab · ${e.title}`), p.dim(`scenario ${e.scenario} · ${e.mode} · cluster ${e.cluster}`)];
    case 'preflight':
      return ['Checking this machine', ...e.items.flatMap((i) => {
        const mark = i.level === 'ok' ? p.ok('✓') : i.level === 'warn' ? p.warn('!') : p.bad('✗');
        return [`  ${mark} ${i.name.padEnd(8)}${i.detail}`, ...(i.fix && i.level !== 'ok' ? [`             ${p.dim('fix:')} ${i.fix}`] : [])];
      })];
    case 'cluster.progress':
      return [p.dim(`  kind │${e.line}`)];
    case 'cluster.ready':
      return [`${p.ok('✓')} Cluster "${e.name}" ${e.reused ? 'reused' : 'created'} in ${e.seconds.toFixed(1)}s${e.serverVersion ? `, Kubernetes ${e.serverVersion}` : ''}`];
    case 'step.start':
      return ['', p.bold(`[${e.index + 1}/${e.total}] ${e.title}`), ...(e.text ? [e.text] : []), ...(showNotes && e.notes ? [p.warn(`  notes: ${e.notes}`)] : [])];
    case 'manifest':
      return [p.dim(`  ${e.file}`), ...e.lines.map((l) => `  ${String(l.n).padStart(3)} ${l.highlight ? p.mark('▶') : ' '} ${l.highlight ? p.bold(l.text) : l.text}`)];
    case 'kubectl':
      return [
        `${p.dim(e.by === 'kubelab' ? 'kubelab runs:' : '$')} ${e.argv.join(' ')}`,
        ...trimEnd(e.stdout),
        ...trimEnd(e.stderr).map((l) => (e.exitCode === 0 ? p.dim(l) : p.bad(l))),
        ...(e.exitCode !== 0 ? [p.bad(`  (${e.argv[0] ?? 'kubectl'} exited ${e.exitCode})`)] : []),
      ];
    case 'rejected':
      return [`  ${p.bad('✗')} ${e.message}`];
    case 'pod': {
      const last = e.lastState ? `  last: ${e.lastState.reason} (exit ${e.lastState.exitCode})` : '';
      return [p.dim(`  pod ${e.pod}  `) + (e.exists ? `${e.ready}  ${e.status}  restarts ${e.restarts}${last}` : 'not found')];
    }
    case 'evidence':
      return [`  ${p.ok('✓')} Evidence: ${e.pod} terminated with ${p.bold(e.reason)}, exit code ${p.bold(String(e.exitCode))}, restarts ${e.restarts}`];
    case 'points':
      return e.points.length === 0
        ? [p.warn('  ! kubelab could not find the lines to read in that output.')]
        : ['  Read these lines:', ...e.points.map((pt) => `  ${p.mark('▶')} line ${pt.line}: ${p.bold(pt.text.trim())}  ${p.dim(`← ${pointLabel(pt)}`)}`)];
    case 'question':
      return [`${p.bold('?')} ${e.ask}`];
    case 'answer':
      if (e.correct) return [`  ${p.ok('✓')} Right: ${e.given}`];
      return [
        `  ${p.bad('✗')} "${e.given}" is not it.`,
        ...(e.hint ? [`  ${p.warn('hint:')} ${e.hint}`] : []),
        ...(e.revealed ? [`  The answer is ${p.bold(e.revealed)}.`] : []),
      ];
    case 'check':
      return [
        `  ${e.ok ? p.ok('✓') : p.bad('✗')} ${e.message}`,
        ...(e.note ? [`    ${p.dim(e.note)}`] : []),
        ...(!e.ok && e.lookAt ? [`    look at: ${e.lookAt}`] : []),
      ];
    case 'diff':
      return [p.dim(`  --- ${e.from}`), p.dim(`  +++ ${e.to}`), ...e.lines.map((l) => (l.op === '+' ? p.ok(`  + ${l.text}`) : l.op === '-' ? p.bad(`  - ${l.text}`) : `    ${l.text}`))];
    case 'kernel':
      return kernelLines(e, p);
    case 'kernel.run':
      return kernelRunLines(e, p);
    case 'notice':
      return [`  ${e.level === 'warn' ? p.warn('!') : p.dim('·')} ${e.text}`];
    case 'step.done':
      return e.ok ? [] : [`  ${p.bad('✗')} ${e.reason ?? 'failed'}`, ...(e.todo ? [`    what to do: ${e.todo}`] : [])];
    case 'summary':
      return ['', p.bold('Summary'), ...e.lines.map((l) => `  ${l}`), '', p.bold('What to remember'), ...e.points.map((pt, i) => `  ${i + 1}. ${pt}`)];
    case 'resume':
      return ['', `${p.ok('↻')} Picking up at step ${e.index + 1} (${e.step}); kubelab first puts the cluster back as that step needs it. Start over with --fresh.`];
    case 'object':
      return [p.dim(`  ${e.kind} ${e.name}  `) + e.summary];
    case 'brief':
      return briefLines(e, p);
    case 'criteria':
      return criteriaLines(e, p);
    case 'hint':
      return [`  ${p.warn(`hint ${e.tier} of ${e.of}:`)} ${e.text}`];
    case 'solution':
      return [
        p.bold('The solution'),
        ...e.files.flatMap((f) => [p.dim(`  ${f.name}`), ...f.text.replace(/\n$/, '').split('\n').map((l) => `    ${l}`)]),
        ...(e.diff ? ['', p.dim(`  --- ${e.diff.from}`), p.dim(`  +++ ${e.diff.to}`), ...e.diff.lines.map((l) => (l.op === '+' ? p.ok(`  + ${l.text}`) : l.op === '-' ? p.bad(`  - ${l.text}`) : `    ${l.text}`))] : []),
      ];
    case 'exercise.end':
      return ['', `${e.outcome === 'fixed' ? p.ok('✓ Fixed') : e.outcome === 'skipped' ? p.warn('Skipped') : p.warn('Stopped')} after ${Math.round(e.seconds)}s · ${e.attempts} attempt(s) · ${e.hints} hint(s)`];
    case 'demo.position':
    case 'demo.objects':
      return [];
    case 'test.result':
      return [`${e.ok ? p.ok('PASS') : p.bad('FAIL')} ${e.scenario} ${e.part} in ${e.seconds.toFixed(1)}s${e.failureSeenSeconds !== undefined ? ` · failure seen ${e.failureSeenSeconds.toFixed(1)}s after apply` : ''}${e.healthySeconds !== undefined ? ` · healthy ${e.healthySeconds.toFixed(1)}s after the fix` : ''}${e.ok ? '' : `\n     at step ${e.failedStep ?? '?'}${e.failedCheck ? `, check "${e.failedCheck}"` : ''}: ${e.reason ?? ''}`}`];
    case 'run.end':
      return ['', `${e.ok ? p.ok('Lab complete.') : p.bad('Lab not complete.')} ${e.passed} passed, ${e.failed} failed. ${e.clusterState}`];
    case 'interrupted':
      return ['', p.warn(STOPPED_BY[e.by ?? ''] ?? 'Stopped.'), e.clusterState];
  }
}

function trimEnd(text: string): string[] {
  const t = text.replace(/\s+$/, '');
  return t === '' ? [] : t.split('\n');
}

/** Each reading on a line of its own (file and value, which a narrow or truncating screen keeps whole), its meaning under it. */
function readingLines(readings: { file: string; value: string; meaning: string }[], p: Paint): string[] {
  const width = Math.max(0, ...readings.map((r) => r.file.length));
  return readings.flatMap((r) => [`  ${p.mark('▶')} ${r.file.padEnd(width)}  ${p.bold(r.value)}`, `      ${p.dim(r.meaning)}`]);
}

function kernelLines(e: Extract<LabEvent, { type: 'kernel' }>, p: Paint): string[] {
  return [
    `  ${p.bold(`What the kernel holds (cgroup v${e.cgroupVersion}, node ${e.node})`)}`,
    p.dim(`  ${e.cgroup}`),
    ...readingLines(e.readings, p),
    ...e.log.map((l) => `  ${l}`),
  ];
}

function kernelRunLines(e: Extract<LabEvent, { type: 'kernel.run' }>, p: Paint): string[] {
  return [
    p.bold(`${e.scenario} without Kubernetes: docker run --memory ${e.memory} ${e.image} ${e.command.join(' ')}`),
    p.dim(`  cgroup v${e.cgroupVersion}, ${e.driver} driver${e.oomGroup ? ', memory.oom.group=1 set by kubelab' : ''}${e.cgroup ? ` · ${e.cgroup}` : ''}`),
    ...(e.problem ? [`  ${p.bad('✗')} ${e.problem}`] : [`  exit code ${p.bold(String(e.exitCode ?? '?'))} · OOMKilled ${p.bold(String(e.oomKilled ?? '?'))}`]),
    ...readingLines(e.readings, p),
    ...e.log.map((l) => `  ${l}`),
    ...e.explanation.map((l) => `  ${l}`),
  ];
}

function briefLines(e: Extract<LabEvent, { type: 'brief' }>, p: Paint): string[] {
  return [
    '',
    p.bold('The report'),
    `  ${e.symptom}`,
    p.bold('Fixed means'),
    `  ${e.fixed}`,
    p.bold('How to work'),
    `  Your copy of the manifests: ${e.workdir} (${e.files.join(', ')}). Edit them with your own editor.`,
    `  kubectl in your own terminal, pointed at the lab only: kubelab shell (or: export KUBECONFIG=${e.kubeconfig})`,
    `  Or here, at kubelab's prompt: kubectl apply -f ${e.files[0] ?? '<file>'}, kubectl get pods, … · h for a hint · q to leave`,
    `  kubelab grades live and finishes by itself when the fix holds for ${e.stableFor}. From anywhere: kubelab check ${e.scenario}`,
  ];
}

function criteriaLines(e: Extract<LabEvent, { type: 'criteria' }>, p: Paint): string[] {
  const head = e.holding ? p.ok(`All hold${e.stableSeconds > 0 ? ` · stable for ${Math.floor(e.heldSeconds)}s of ${e.stableSeconds}s` : ''}`) : p.dim('Not fixed yet:');
  return [
    `  ${head}`,
    ...e.items.map((i) => `  ${i.ok ? p.ok('✓') : p.bad('✗')} ${i.guard ? p.dim('[guard] ') : ''}${i.message}${!i.ok && i.note ? `\n      ${p.dim(i.note)}` : ''}${!i.ok && i.lookAt ? `\n      look at: ${i.lookAt}` : ''}`),
  ];
}
