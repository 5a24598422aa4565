// kubelab test --parallel: which scenarios play beside each other on one node, and which alone.
import { describe, expect, it } from 'vitest';
import { sharesTheNode } from '../../src/runtime/self-test.js';
import { allScenarios, resolveScenario } from '../../src/scenario/catalog.js';

describe('playing scenarios at once on one node', () => {
  it('a namespace\'s lab and a lab that only labels the node share it; a lab that taints it plays alone', () => {
    expect(sharesTheNode(resolveScenario('oom-killed'))).toBe(true);
    const affinity = resolveScenario('node-affinity-issue');
    expect(affinity.scope).toBe('cluster');
    expect(sharesTheNode(affinity)).toBe(true);
    const taints = resolveScenario('taints-and-tolerations-mismatch');
    expect(taints.setup.some((call) => call.kubectl[0] === 'taint')).toBe(true);
    expect(sharesTheNode(taints)).toBe(false);
    expect(sharesTheNode({ scope: 'cluster', setup: [{ kubectl: ['label', 'nodes', '--all', 'a=b'] }, { kubectl: ['cordon', 'kind-control-plane'] }] } as never)).toBe(false);
  });

});
