import { describe, expect, it } from 'vitest';
import { parsePod, parseWatchLine, podFromWatch, podStatus, parseEvents } from '../../src/cluster/parse-pod.js';
import { latestTermination } from '../../src/engine/facts.js';
import { oomPod } from '../helpers/data.js';

describe('parsePod', () => {
  it('reads the crash-looping OOM pod: phase Running, STATUS CrashLoopBackOff, last OOMKilled/137', () => {
    const facts = parsePod(oomPod({ reason: 'OOMKilled', exitCode: 137 }));
    expect(facts).toMatchObject({ name: 'oom-demo', phase: 'Running', status: 'CrashLoopBackOff', ready: false, readyText: '0/1', restartCount: 2 });
    expect(facts.lastTerminated).toMatchObject({ reason: 'OOMKilled', exitCode: 137 });
    expect(facts.limits).toEqual({ memory: '50Mi' });
    expect(facts.state).toMatchObject({ kind: 'waiting', reason: 'CrashLoopBackOff' });
  });

  it('prefers the current termination over the last one', () => {
    const pod = oomPod({ reason: 'OOMKilled', exitCode: 1 }, { state: { terminated: { exitCode: 1, reason: 'OOMKilled', finishedAt: 'later' } } });
    expect(podStatus(pod)).toBe('OOMKilled');
    expect(latestTermination(parsePod(pod))).toMatchObject({ finishedAt: 'later', exitCode: 1 });
  });

  it('handles a pod that has no container status yet', () => {
    const facts = parsePod({ metadata: { name: 'p' }, spec: { containers: [{ name: 'c' }] }, status: { phase: 'Pending' } });
    expect(facts).toMatchObject({ status: 'Pending', restartCount: 0, readyText: '0/1' });
    expect(facts.lastTerminated).toBeUndefined();
  });

  it('shows Terminating while a deletion is pending', () => {
    const pod = oomPod(undefined);
    pod.metadata.deletionTimestamp = '2025-11-26T12:22:00Z';
    expect(parsePod(pod).status).toBe('Terminating');
  });
});

describe('watch events', () => {
  it('parses compact --output-watch-events lines and ignores anything else', () => {
    const line = JSON.stringify({ type: 'MODIFIED', object: oomPod({ reason: 'OOMKilled', exitCode: 137 }) });
    const event = parseWatchLine(line)!;
    expect(event.type).toBe('MODIFIED');
    expect(podFromWatch(event, 'oom-demo')?.status).toBe('CrashLoopBackOff');
    expect(parseWatchLine('W1127 12:00:00 warning')).toBeUndefined();
    expect(parseWatchLine('{not json')).toBeUndefined();
    expect(podFromWatch({ type: 'DELETED', object: {} }, 'gone')).toMatchObject({ name: 'gone', exists: false });
  });

  it('parses an event list', () => {
    const json = JSON.stringify({ items: [{ type: 'Warning', reason: 'BackOff', message: 'Back-off restarting failed container', count: 3 }] });
    expect(parseEvents(json)).toEqual([{ type: 'Warning', reason: 'BackOff', message: 'Back-off restarting failed container', count: 3 }]);
    expect(parseEvents('garbage')).toEqual([]);
  });
});
