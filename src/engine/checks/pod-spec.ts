// Checks on what a pod asks for, as its spec is written: resources, command, probes, placement,
// DNS, volumes, image. Exercises use them as guards, so a "fix" that removes the point fails.
import { targetContainer, type PodFacts } from '../facts.js';
import { compare, type CheckContext, type CheckDefs, type CheckResult } from './result.js';

const POD = ['pod'] as const;
const pod = (ctx: CheckContext) => ctx.subject as PodFacts;

function resources(check: { type: 'limit' | 'request'; resource: 'memory' | 'cpu'; equals?: string; present?: boolean }, ctx: CheckContext): CheckResult {
  const p = pod(ctx);
  const c = targetContainer(p);
  const plural = check.type === 'limit' ? 'limits' : 'requests';
  const actual = c?.[plural][check.resource];
  const where = `${check.type === 'limit' ? 'Limits' : 'Requests'} in kubectl describe pod ${p.name}`;
  if (check.equals !== undefined) return compare(`${check.resource} ${check.type} ${check.equals}`, actual ?? `no ${check.type}`, actual === check.equals, where);
  const ok = (actual !== undefined) === check.present;
  const expected = check.present ? `a ${check.resource} ${check.type} on container ${c?.name ?? '?'}` : `no ${check.resource} ${check.type}`;
  return ok ? { ok, message: `${check.present ? `${check.resource} ${check.type} ${actual}` : `no ${check.resource} ${check.type}`}: yes` } : { ok, message: `expected ${expected}, got ${actual ?? 'none'}`, lookAt: where };
}

export const podSpecChecks: CheckDefs<'limit' | 'request' | 'command' | 'probe' | 'placement' | 'dnsPolicy' | 'claim' | 'image'> = {
  limit: { kinds: POD, describe: (c) => (c.equals ? `${c.resource} limit is ${c.equals}` : `a ${c.resource} limit is ${c.present ? '' : 'not '}set`), evaluate: resources },
  request: { kinds: POD, describe: (c) => (c.equals ? `${c.resource} request is ${c.equals}` : `a ${c.resource} request is ${c.present ? '' : 'not '}set`), evaluate: resources },
  command: {
    kinds: POD,
    describe: (c) => `the container runs ${c.includes.join(' … ')}`,
    evaluate: (c, ctx) => {
      const argv = targetContainer(pod(ctx))?.argv ?? [];
      // Substrings of the command line, so a word inside a shell script (sh -c "...") counts too.
      const line = argv.join(' ');
      const ok = c.includes.every((part) => line.includes(part));
      return compare(`a command with ${c.includes.join(', ')}`, argv.length > 0 ? argv.join(' ') : 'the image\'s default command', ok, `Command in kubectl describe pod ${pod(ctx).name}`);
    },
  },
  probe: {
    kinds: POD,
    describe: (c) => `a ${c.probe} probe is ${c.present ? 'set' : 'not set'}${c.path ? ` on ${c.path}` : ''}`,
    evaluate: (c, ctx) => {
      const probe = targetContainer(pod(ctx))?.[c.probe];
      const where = `${c.probe === 'liveness' ? 'Liveness' : 'Readiness'} in kubectl describe pod ${pod(ctx).name}`;
      if (!c.present) return compare(`no ${c.probe} probe`, probe?.describe ?? 'none', probe === undefined, where);
      if (!probe) return { ok: false, message: `expected a ${c.probe} probe, got none`, lookAt: where };
      if (c.path !== undefined && probe.httpPath !== c.path) return { ok: false, message: `expected the ${c.probe} probe on ${c.path}, got ${probe.describe}`, lookAt: where };
      return { ok: true, message: `${c.probe} probe ${probe.describe}: yes` };
    },
  },
  placement: {
    kinds: POD,
    describe: (c) => (c.present ? 'the pod says where it may run' : 'the pod may run anywhere'),
    evaluate: (c, ctx) => {
      const p = pod(ctx);
      const rules = [...Object.entries(p.nodeSelector).map(([k, v]) => `${k}=${v}`), ...p.affinity];
      return compare(c.present ? 'a node selector or required node affinity' : 'no placement rule', rules.length > 0 ? rules.join('; ') : 'none', (rules.length > 0) === c.present, 'Node-Selectors in kubectl describe pod, or spec.affinity');
    },
  },
  dnsPolicy: {
    kinds: POD,
    describe: (c) => (c.equals ? `dnsPolicy is ${c.equals}` : `dnsPolicy is not ${c.not}`),
    evaluate: (c, ctx) => {
      const policy = pod(ctx).dnsPolicy ?? 'ClusterFirst';
      return c.equals !== undefined
        ? compare(`dnsPolicy ${c.equals}`, policy, policy === c.equals, 'spec.dnsPolicy in kubectl get pod -o yaml')
        : compare(`a dnsPolicy other than ${c.not}`, policy, policy !== c.not, 'spec.dnsPolicy in kubectl get pod -o yaml');
    },
  },
  claim: {
    kinds: POD,
    describe: (c) => (c.present ? 'the pod mounts a PersistentVolumeClaim' : 'the pod mounts no claim'),
    evaluate: (c, ctx) => {
      const claims = pod(ctx).claims;
      return compare(c.present ? 'a volume from a PersistentVolumeClaim' : 'no claim', claims.length > 0 ? claims.join(', ') : 'none', (claims.length > 0) === c.present, 'Volumes in kubectl describe pod');
    },
  },
  image: {
    kinds: POD,
    describe: (c) => `the image is ${c.equals}`,
    evaluate: (c, ctx) => {
      const image = targetContainer(pod(ctx))?.image ?? 'none';
      return compare(`image ${c.equals}`, image, image === c.equals, 'Image in kubectl describe pod');
    },
  },
};
