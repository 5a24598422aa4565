import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/engine/checks/index.js';
import type { CheckSpec } from '../../src/scenario/schema.js';
import { absentPod, type PodFacts } from '../../src/engine/facts.js';
import { parsePod } from '../../src/cluster/parse-pod.js';
import { oomPod } from '../helpers/data.js';

const terminated: CheckSpec = { type: 'terminated', reason: 'OOMKilled', exitCode: 137, alsoAccept: [1] };
const pod = (reason: string, exitCode: number): PodFacts => parsePod(oomPod({ reason, exitCode }));

describe('the exit-code check', () => {
  it('passes 137 with OOMKilled as the lesson says', () => {
    const r = evaluate(terminated, { subject: pod('OOMKilled', 137) });
    expect(r.ok).toBe(true);
    expect(r.message).toContain('as the lesson says');
    expect(r.note).toContain('128 + 9');
  });

  it('passes 1 with OOMKilled and explains it with the machine\'s cgroup version', () => {
    const r = evaluate(terminated, { subject: pod('OOMKilled', 1), node: { cgroupVersion: 1, serverMinor: 30 } });
    expect(r.ok).toBe(true);
    expect(r.message).toBe('OOMKilled with exit code 1 (the lesson shows 137)');
    expect(r.note).toContain('cgroup v1');
    expect(r.note).not.toContain('older than 1.28');
  });

  it('names an old Kubernetes as the cause when that is what the node runs', () => {
    expect(evaluate(terminated, { subject: pod('OOMKilled', 1), node: { cgroupVersion: 2, serverMinor: 27 } }).note).toContain('Kubernetes 1.27, older than 1.28');
  });

  it('fails any other reason with "expected OOMKilled, got X" and where to look', () => {
    const r = evaluate(terminated, { subject: pod('Error', 1) });
    expect(r).toMatchObject({ ok: false, message: 'expected OOMKilled, got Error (exit code 1)' });
    expect(r.lookAt).toContain('kubectl logs --previous');
    expect(evaluate(terminated, { subject: pod('Error', 137) }).note).toContain('missed the OOM event');
  });

  it('takes a later Error with exit code 1 as the lost OOM event only when kubelab saw this pod OOMKilled before', () => {
    const seenKilled = [{ reason: 'OOMKilled', exitCode: 1, finishedAt: '2025-11-26T12:21:05Z' }];
    const r = evaluate(terminated, { subject: pod('Error', 1), node: { cgroupVersion: 1 }, seen: seenKilled });
    expect(r).toMatchObject({ ok: true, message: 'OOMKilled (exit code 1) earlier; the latest restart shows Error with exit code 1' });
    expect(r.note).toContain('arrive after the container has already exited');
    // nothing seen, only errors seen, another exit code, or a kill the check does not accept: the failure stands
    expect(evaluate(terminated, { subject: pod('Error', 1) }).ok).toBe(false);
    expect(evaluate(terminated, { subject: pod('Error', 1), seen: [{ reason: 'Error', exitCode: 1 }] }).ok).toBe(false);
    expect(evaluate(terminated, { subject: pod('Error', 2), seen: seenKilled }).ok).toBe(false);
    expect(evaluate({ type: 'terminated', reason: 'OOMKilled', exitCode: 137 }, { subject: pod('Error', 1), seen: seenKilled }).ok).toBe(false);
  });

  it('fails an OOMKilled with an exit code it does not accept', () => {
    expect(evaluate(terminated, { subject: pod('OOMKilled', 2) })).toMatchObject({ ok: false, message: 'expected exit code 137, got 2 (reason OOMKilled)' });
  });

  it('fails when the container never terminated, or the pod is gone', () => {
    expect(evaluate(terminated, { subject: parsePod(oomPod(undefined)) }).message).toMatch(/has not terminated yet/);
    expect(evaluate(terminated, { subject: absentPod('x') }).message).toBe('expected terminated with reason OOMKilled and exit code 137, but pod x does not exist');
  });
});

describe('other checks', () => {
  const running = parsePod(oomPod(undefined, { ready: true, restartCount: 0, state: { running: { startedAt: '2025-11-26T12:21:02Z' } } }));
  it('phase, ready, restarts, limit', () => {
    expect(evaluate({ type: 'phase', equals: 'Running' }, { subject: running }).ok).toBe(true);
    expect(evaluate({ type: 'ready', equals: true }, { subject: running }).ok).toBe(true);
    expect(evaluate({ type: 'ready', equals: true }, { subject: pod('OOMKilled', 137) })).toMatchObject({ ok: false, message: 'expected ready, got not ready' });
    expect(evaluate({ type: 'restartCount', equals: 0 }, { subject: running }).ok).toBe(true);
    expect(evaluate({ type: 'restartCount', atLeast: 1 }, { subject: running }).ok).toBe(false);
    expect(evaluate({ type: 'limit', resource: 'memory', equals: '50Mi' }, { subject: running }).ok).toBe(true);
    expect(evaluate({ type: 'limit', resource: 'memory', equals: '256Mi' }, { subject: running }).message).toBe('expected memory limit 256Mi, got 50Mi');
  });

  it('waiting reasons and events', () => {
    expect(evaluate({ type: 'waitingReason', oneOf: ['CrashLoopBackOff'] }, { subject: pod('OOMKilled', 137) }).ok).toBe(true);
    expect(evaluate({ type: 'waitingReason', oneOf: ['ImagePullBackOff'] }, { subject: running }).message).toBe('expected waiting reason ImagePullBackOff, got not waiting (running)');
    const events = [{ type: 'Warning', reason: 'Unhealthy', message: 'Readiness probe failed: HTTP probe failed with statuscode: 404', count: 4 }];
    expect(evaluate({ type: 'event', reason: 'Unhealthy', messageIncludes: '404' }, { subject: running, events }).ok).toBe(true);
    expect(evaluate({ type: 'event', reason: 'FailedScheduling' }, { subject: running, events }).ok).toBe(false);
  });

  it('exists', () => {
    expect(evaluate({ type: 'exists', equals: false }, { subject: absentPod('x') }).ok).toBe(true);
    expect(evaluate({ type: 'exists', equals: true }, { subject: absentPod('x') }).ok).toBe(false);
  });
});

describe('a Service\'s targetPort against its pods', () => {
  const pod = parsePod({ metadata: { name: 'web-1', labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx', ports: [{ name: 'http', containerPort: 80 }] }] }, status: {} });
  const service = (targetPort: string) => ({ kind: 'service' as const, name: 'web', exists: true, selector: { app: 'web' }, ports: [{ port: 80, targetPort, protocol: 'TCP' }], endpoints: { ready: ['10.244.0.5'], notReady: [], ports: [80] } });
  it('passes a number or a port name the container declares, fails anything else', () => {
    expect(evaluate({ type: 'targetPort', servedBy: 'pods' }, { subject: service('80'), pods: [pod] }).ok).toBe(true);
    expect(evaluate({ type: 'targetPort', servedBy: 'pods' }, { subject: service('http'), pods: [pod] }).ok).toBe(true);
    expect(evaluate({ type: 'targetPort', servedBy: 'pods' }, { subject: service('8080'), pods: [pod] })).toMatchObject({ ok: false, message: 'expected targetPort among the pods\' ports (80), got 80→8080' });
    expect(evaluate({ type: 'targetPort', servedBy: 'pods' }, { subject: service('nginx'), pods: [pod] }).ok).toBe(false);
  });
});
