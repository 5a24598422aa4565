import { describe, expect, it } from 'vitest';
import { parsePod } from '../../src/cluster/parse-pod.js';
import { evaluate } from '../../src/engine/checks/index.js';
import { parseToleration, tolerates } from '../../src/engine/checks/tolerations.js';
import { checkSpec, type CheckSpec } from '../../src/scenario/schema.js';
import { oomPod } from '../helpers/data.js';

const taint = { key: 'example-key', value: 'example-value', effect: 'NoSchedule' };
const check: CheckSpec = { type: 'tolerates', ...taint, effect: 'NoSchedule' };
const defaults = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
];
/** A real pod's JSON with these tolerations (plus the two every pod gets from admission). */
const podWith = (tolerations: Record<string, unknown>[]) => {
  const raw = oomPod(undefined);
  raw.spec.tolerations = [...tolerations, ...defaults];
  return parsePod(raw);
};

describe('the tolerates check', () => {
  it('passes a toleration with the same key, value and effect', () => {
    const r = evaluate(check, { subject: podWith([{ key: 'example-key', operator: 'Equal', value: 'example-value', effect: 'NoSchedule' }]) });
    expect(r).toMatchObject({ ok: true, message: 'a toleration for example-key=example-value:NoSchedule: yes' });
  });

  it('fails a toleration for another effect, and says what the pod tolerates', () => {
    const r = evaluate(check, { subject: podWith([{ key: 'example-key', operator: 'Equal', value: 'example-value', effect: 'NoExecute' }]) });
    expect(r).toMatchObject({ ok: false, message: 'expected a toleration for example-key=example-value:NoSchedule, got example-key=example-value:NoExecute' });
    expect(r.lookAt).toContain('Tolerations in kubectl describe pod');
  });

  it('fails a pod with only the default tolerations (one placed with nodeName, say)', () => {
    expect(evaluate(check, { subject: podWith([]) }).message).toBe('expected a toleration for example-key=example-value:NoSchedule, got no toleration of its own');
  });

  it('follows Kubernetes: Exists ignores the value, an empty key matches every key, an empty effect every effect', () => {
    expect(evaluate(check, { subject: podWith([{ key: 'example-key', operator: 'Exists', effect: 'NoSchedule' }]) }).ok).toBe(true);
    expect(evaluate(check, { subject: podWith([{ operator: 'Exists' }]) }).ok).toBe(true);
    expect(evaluate(check, { subject: podWith([{ key: 'example-key', operator: 'Equal', value: 'other' }]) }).ok).toBe(false);
    expect(evaluate(check, { subject: podWith([{ key: 'example-key', value: 'example-value' }]) }).ok).toBe(true);
  });

  it('reads back the facts\' toleration text', () => {
    expect(parseToleration('example-key=example-value:NoExecute')).toEqual({ key: 'example-key', value: 'example-value', effect: 'NoExecute' });
    expect(parseToleration('*:*')).toEqual({ key: undefined, value: undefined, effect: undefined });
    expect(parseToleration('k=:NoSchedule')).toEqual({ key: 'k', value: '', effect: 'NoSchedule' });
    expect(tolerates({ key: 'k', value: '' }, { key: 'k', effect: 'NoSchedule' })).toBe(true);
  });

  it('is part of the scenario format: an effect is required', () => {
    expect(checkSpec.safeParse({ type: 'tolerates', key: 'k', effect: 'NoSchedule', why: 'because' }).success).toBe(true);
    expect(checkSpec.safeParse({ type: 'tolerates', key: 'k' }).success).toBe(false);
  });
});
