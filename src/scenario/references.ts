// Checks what a valid schema can't: every name a scenario uses points at something real, and every
// check looks at a kind of object it can judge.
import { parseAllDocuments } from '../vendor/yaml.js';
import { checkKinds } from '../engine/checks/index.js';
import type { ScenarioProblem } from '../errors.js';
import { lineColumn, toJS, tooDeep, yamlMessage } from './yaml-data.js';
import type { Path } from './positions.js';
import type { CheckSpec, ScenarioSpec } from './schema.js';

type At = (path: Path, message: string, key?: string) => ScenarioProblem;

const MANIFEST_KIND: Record<string, string> = { pod: 'Pod', service: 'Service', pvc: 'PersistentVolumeClaim', deployment: 'Deployment' };
const KERNEL_CHECKS: ReadonlySet<string> = new Set(['kernelLimit', 'oomKills']);
const kernelOnly = (type: string) => `${/^[aeiou]/i.test(type) ? 'an' : 'a'} ${type} check reads the node's kernel: put it in a step of kind kernel`;
const TARGET_KIND: Record<string, string> = { pod: 'pod', service: 'service', pvc: 'pvc', deployment: 'deployment', node: 'node' };

/** An object a manifest makes, as its file names it. */
export interface ManifestObject {
  kind: string;
  name: string;
}

/**
 * The objects in each manifest (missing ones were reported already): what kubelab clears before a
 * lab starts, and what the targets are checked against. A broken file is reported once and left out.
 */
export function manifestObjects(spec: ScenarioSpec, manifests: Map<string, string>, at: At): { objects: Map<string, ManifestObject[]>; problems: ScenarioProblem[] } {
  const problems: ScenarioProblem[] = [];
  const objects = new Map<string, ManifestObject[]>();
  for (const [key, text] of manifests) {
    const found: ManifestObject[] = [];
    const deep = tooDeep(text);
    if (deep) {
      problems.push(at(['manifests', key], `${spec.manifests[key]} line ${lineColumn(text, deep.offset).line}: ${deep.message}`));
      continue;
    }
    let broken = false;
    for (const d of parseAllDocuments(text)) {
      if (d.errors.length > 0) {
        problems.push(at(['manifests', key], `${spec.manifests[key]} is not valid YAML: ${yamlMessage(d.errors[0]!.message)}`));
        broken = true;
        break;
      }
      const value = toJS(d);
      if (!value.ok) {
        problems.push(at(['manifests', key], `${spec.manifests[key]} is not usable YAML: ${value.message.replace(/^YAML: /, '')}`));
        broken = true;
        break;
      }
      const obj = value.js as { kind?: unknown; metadata?: { name?: unknown } } | null;
      if (obj && typeof obj.kind === 'string' && typeof obj.metadata?.name === 'string') found.push({ kind: obj.kind, name: obj.metadata.name });
    }
    if (!broken) objects.set(key, found);
  }
  return { objects, problems };
}

/** Problems with references; `objects` holds each readable manifest's objects. */
export function checkReferences(spec: ScenarioSpec, objects: Map<string, ManifestObject[]>, at: At): ScenarioProblem[] {
  const problems: ScenarioProblem[] = [];
  const manifest = (path: Path, key: string) => {
    if (!(key in spec.manifests)) problems.push(at(path, `no manifest named "${key}" (known: ${Object.keys(spec.manifests).join(', ')})`));
  };
  const target = (path: Path, key: string) => {
    if (!(key in spec.targets)) problems.push(at(path, `no target named "${key}" (known: ${Object.keys(spec.targets).join(', ') || 'none'})`));
  };
  for (const [key, t] of Object.entries(spec.targets)) {
    if (t.kind === 'node' || t.manifest === undefined) continue;
    manifest(['targets', key, 'manifest'], t.manifest);
    const inFile = objects.get(t.manifest)?.filter((o) => o.kind === MANIFEST_KIND[t.kind]);
    if (inFile && !inFile.some((o) => o.name === t.name)) {
      problems.push(at(['targets', key, 'name'], `${t.kind} "${t.name}" is not in ${spec.manifests[t.manifest]} (it has: ${inFile.map((o) => o.name).join(', ') || `no ${MANIFEST_KIND[t.kind]}`})`));
    }
  }
  /** A check on a target must suit its kind; `on` must name a target. */
  const checks = (path: Path, list: readonly CheckSpec[], defaultKind: string | undefined) => {
    list.forEach((c, j) => {
      if (c.on !== undefined) target([...path, j, 'on'], c.on);
      const kind = c.on !== undefined ? TARGET_KIND[spec.targets[c.on]?.kind ?? ''] : defaultKind;
      if (kind !== undefined && !checkKinds(c).includes(kind)) problems.push(at([...path, j, 'type'], `a ${c.type} check looks at ${checkKinds(c).join(' or ')}, not at a ${kind}`));
    });
  };
  const seen = new Set<string>();
  spec.steps.forEach((step, i) => {
    if (seen.has(step.id)) problems.push(at(['steps', i, 'id'], `step id "${step.id}" is used twice`));
    seen.add(step.id);
    if ('manifest' in step) manifest(['steps', i, 'manifest'], step.manifest);
    if ('target' in step) target(['steps', i, 'target'], step.target);
    const kind = 'target' in step ? spec.targets[step.target]?.kind : undefined;
    if (step.kind === 'diff') {
      manifest(['steps', i, 'from'], step.from);
      manifest(['steps', i, 'to'], step.to);
    }
    if (step.kind === 'watch') checks(['steps', i, 'until'], step.until, kind);
    if (step.kind === 'verify' || step.kind === 'exec') checks(['steps', i, 'checks'], step.checks, kind);
    if (step.kind === 'exec' && kind !== undefined && kind !== 'pod') problems.push(at(['steps', i, 'target'], 'kubectl exec runs in a pod; this target is a ' + kind));
    if (step.kind === 'kernel') {
      checks(['steps', i, 'checks'], step.checks, kind);
      if (kind !== undefined && kind !== 'pod') problems.push(at(['steps', i, 'target'], `the kernel step reads a pod's memory cgroup; this target is a ${kind}`));
    }
    // Only a kernel step reads the node's cgroup files; anywhere else these checks would have nothing to look at.
    const list = step.kind === 'watch' ? step.until : step.kind === 'verify' || step.kind === 'exec' ? step.checks : [];
    list.forEach((c, j) => {
      if (KERNEL_CHECKS.has(c.type)) problems.push(at(['steps', i, step.kind === 'watch' ? 'until' : 'checks', j, 'type'], kernelOnly(c.type)));
    });
  });
  spec.cleanup.forEach((c, i) => {
    if ('manifest' in c) manifest(['cleanup', i, 'manifest'], c.manifest);
  });
  const ex = spec.exercise;
  if (ex) {
    ex.break.forEach((k, i) => manifest(['exercise', 'break', i], k));
    ex.solution.forEach((k, i) => manifest(['exercise', 'solution', i], k));
    ex.workspace?.forEach((k, i) => manifest(['exercise', 'workspace', i], k));
    checks(['exercise', 'criteria'], ex.criteria, 'pod');
    checks(['exercise', 'guards'], ex.guards, 'pod');
    (['criteria', 'guards'] as const).forEach((part) => ex[part].forEach((c, j) => {
      if (KERNEL_CHECKS.has(c.type)) problems.push(at(['exercise', part, j, 'type'], kernelOnly(c.type)));
    }));
  }
  return problems;
}
