// The demo's pure parts: keys, the typing clock, the timer with pauses, the live panel's rows.
import { describe, expect, it } from 'vitest';
import { parsePod } from '../../src/cluster/parse-pod.js';
import { age, clock, DemoClock, objectRows, readKey, typedAfter } from '../../src/engine/demo.js';
import { absent } from '../../src/engine/facts.js';
import { oomPod } from '../helpers/data.js';

describe('the presenter\'s keys', () => {
  it('Enter goes on, arrows and n/p move, digits then Enter jump, space pauses, q ends', () => {
    expect(readKey('', { return: true }, '')).toEqual({ action: { kind: 'go' }, pending: '' });
    expect(readKey('', { rightArrow: true }, '')).toEqual({ action: { kind: 'next' }, pending: '' });
    expect(readKey('p', {}, '')).toEqual({ action: { kind: 'back' }, pending: '' });
    const one = readKey('1', {}, '');
    const ten = readKey('0', {}, one.pending);
    expect(ten).toEqual({ pending: '10' });
    expect(readKey('', { return: true }, ten.pending)).toEqual({ action: { kind: 'jump', to: 9 }, pending: '' });
    expect(readKey('', { escape: true }, '4')).toEqual({ pending: '' });
    expect(readKey(' ', {}, '')).toEqual({ action: { kind: 'pause' }, pending: '' });
    expect(readKey('q', {}, '3')).toEqual({ action: { kind: 'quit' }, pending: '' });
    expect(readKey('x', {}, '')).toEqual({ action: { kind: 'char' }, pending: '' });
  });
});

describe('typing and the clock', () => {
  it('types at the chosen speed and never past the end', () => {
    expect(typedAfter('kubectl get pods', 20, 0)).toBe(0);
    expect(typedAfter('kubectl get pods', 20, 500)).toBe(10);
    expect(typedAfter('kubectl get pods', 20, 10_000)).toBe(16);
  });

  it('leaves pauses out of the elapsed time', () => {
    const c = new DemoClock(0);
    expect(c.elapsed(10_000)).toBe(10);
    expect(c.toggle(10_000)).toBe(true);
    expect(c.elapsed(25_000)).toBe(10);
    expect(c.toggle(30_000)).toBe(false);
    expect(c.elapsed(31_000)).toBe(11);
    expect(clock(611)).toBe('10:11');
  });
});

describe('the live panel', () => {
  it('a pod with its state, restarts and last termination; other objects summarised; missing ones left out', () => {
    const pod = parsePod(oomPod({ reason: 'OOMKilled', exitCode: 1 }));
    const rows = objectRows([pod, absent('service', 'web')]);
    expect(rows).toEqual([{ kind: 'pod', name: pod.name, status: pod.status, ready: '0/1', restarts: pod.restartCount, last: 'OOMKilled', exitCode: 1, createdAt: pod.createdAt }]);
    expect(age('2026-01-01T00:00:00Z', Date.parse('2026-01-01T00:00:45Z'))).toBe('45s');
    expect(age('2026-01-01T00:00:00Z', Date.parse('2026-01-01T00:03:10Z'))).toBe('3m10s');
    expect(age('2026-01-01T00:00:00Z', Date.parse('2026-01-01T02:00:00Z'))).toBe('120m');
  });
});
