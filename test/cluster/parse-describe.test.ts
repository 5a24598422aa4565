import { describe, expect, it } from 'vitest';
import { describePoints } from '../../src/cluster/parse-describe.js';
import { data } from '../helpers/data.js';

describe('describePoints on real describe output', () => {
  it('finds Reason OOMKilled, Exit Code 137 and the limit (cgroup v2 capture)', () => {
    const points = describePoints(data('describe-137-oomkilled.txt'));
    expect(points.map((p) => [p.label, p.value])).toEqual([['reason', 'OOMKilled'], ['exitCode', '137'], ['limit', '200Mi']]);
    const lines = data('describe-137-oomkilled.txt').split('\n');
    for (const p of points) expect(lines[p.line - 1]).toBe(p.text);
    expect(points[0]!.text).toBe('      Reason:       OOMKilled');
  });

  it('reads the current State when the container is terminated right now (kubectl 1.35 capture, exit 1)', () => {
    const points = describePoints(data('describe-1-oomkilled-kubectl135.txt'));
    expect(points.map((p) => [p.label, p.value])).toEqual([['reason', 'OOMKilled'], ['exitCode', '1'], ['limit', '100Mi']]);
    expect(points[0]!.line).toBeLessThan(points[1]!.line);
  });

  it('reports Error/1 as it is, and ignores the cpu limit', () => {
    const points = describePoints(data('describe-1-error.txt'));
    expect(points.map((p) => [p.label, p.value])).toEqual([['reason', 'Error'], ['exitCode', '1'], ['limit', '256Mi']]);
  });

  it('finds nothing in output that is not a pod description', () => {
    expect(describePoints('Error from server (NotFound): pods "x" not found')).toEqual([]);
  });

  it('picks the named container', () => {
    expect(describePoints(data('describe-137-oomkilled.txt'), 'other')).toEqual([]);
    expect(describePoints(data('describe-137-oomkilled.txt'), 'stress')).toHaveLength(3);
  });
});
