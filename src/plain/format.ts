// Turns each lab event into readable lines: the plain reporter's whole vocabulary.
import type { LabEvent } from '../engine/events.js';
import type { Paint } from './paint.js';

const LABELS = { reason: 'why it stopped', exitCode: 'how it ended', limit: 'the memory it was allowed' } as const;

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
        ...(e.exitCode !== 0 ? [p.bad(`  (kubectl exited ${e.exitCode})`)] : []),
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
        ? [p.warn('  ! kubelab could not find the Reason, Exit Code and Limits lines in that output.')]
        : ['  Read these lines:', ...e.points.map((pt) => `  ${p.mark('▶')} line ${pt.line}: ${p.bold(pt.text.trim())}  ${p.dim(`← ${LABELS[pt.label]}`)}`)];
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
    case 'notice':
      return [`  ${e.level === 'warn' ? p.warn('!') : p.dim('·')} ${e.text}`];
    case 'step.done':
      return e.ok ? [] : [`  ${p.bad('✗')} ${e.reason ?? 'failed'}`, ...(e.todo ? [`    what to do: ${e.todo}`] : [])];
    case 'summary':
      return ['', p.bold('Summary'), ...e.lines.map((l) => `  ${l}`), '', p.bold('What to remember'), ...e.points.map((pt, i) => `  ${i + 1}. ${pt}`)];
    case 'run.end':
      return ['', `${e.ok ? p.ok('Lab complete.') : p.bad('Lab not complete.')} ${e.passed} passed, ${e.failed} failed. ${e.clusterState}`];
    case 'interrupted':
      return ['', p.warn('Stopped.'), e.clusterState];
  }
}

function trimEnd(text: string): string[] {
  const t = text.replace(/\s+$/, '');
  return t === '' ? [] : t.split('\n');
}
