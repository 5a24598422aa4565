// The plain reporter's words for what stopped a run.
import { describe, expect, it } from 'vitest';
import { formatEvent } from '../../src/plain/format.js';
import { paintFor } from '../../src/plain/paint.js';

const p = paintFor({ isTTY: false });

describe('a stopped run', () => {
  it('says what stopped it, then what is left and what to do', () => {
    const left = 'The cluster "kubelab" is still running. Pick up where you stopped with kubelab start oom-killed.';
    expect(formatEvent({ type: 'interrupted', by: 'SIGHUP', clusterState: left }, p)).toEqual(['', 'Stopped: the terminal was closed (SIGHUP).', left]);
    expect(formatEvent({ type: 'interrupted', by: 'SIGTERM', clusterState: left }, p)[1]).toBe('Stopped: kubelab was asked to end (SIGTERM).');
    expect(formatEvent({ type: 'interrupted', by: 'SIGINT', clusterState: left }, p)[1]).toBe('Stopped (Ctrl+C).');
    expect(formatEvent({ type: 'interrupted', clusterState: left }, p)[1]).toBe('Stopped.');
  });
});
