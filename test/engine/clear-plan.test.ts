import { describe, expect, it } from 'vitest';
import { carriesMark, kindsToRead, planClear, type ClusterRead } from '../../src/engine/clear-plan.js';
import type { NodeFacts, PodFacts } from '../../src/engine/facts.js';
import { parsePod } from '../../src/cluster/parse-pod.js';
import { oomPod } from '../helpers/data.js';

const node = (over: Partial<NodeFacts> = {}): NodeFacts => ({ kind: 'node', name: 'kubelab-control-plane', exists: true, ready: true, labels: {}, taints: [], allocatable: {}, ...over });
const stressPod = (name: string): PodFacts => ({ ...parsePod(oomPod({ reason: 'OOMKilled', exitCode: 137 })), name });
const read = (over: Partial<ClusterRead> = {}): ClusterRead => ({ nodes: [node()], pods: [], objects: [], ...over });

const oom = {
  objects: [{ kind: 'Pod', name: 'oom-killed-pod' }, { kind: 'Pod', name: 'oom-killed-fixed-pod' }],
  ownPods: ['oom-killed-pod', 'oom-killed-fixed-pod'],
  workload: { image: 'polinux/stress' },
  undo: [],
};

describe('clearing a lab before it starts, from one read', () => {
  it('touches nothing on a clean cluster', () => {
    expect(planClear(oom, read())).toEqual({ deletes: [], undo: [] });
  });

  it('deletes what an earlier run left, and the pods a learner made for the workload, in one list', () => {
    const pods = [stressPod('oom-killed-fixed-pod'), stressPod('my-own-fix')];
    const plan = planClear(oom, read({ pods, objects: [{ kind: 'Pod', name: 'oom-killed-fixed-pod' }, { kind: 'Pod', name: 'my-own-fix' }, { kind: 'Pod', name: 'unrelated' }] }));
    expect(plan.deletes).toEqual(['pod/oom-killed-fixed-pod', 'pod/my-own-fix']);
  });

  it('runs an undo call only where the node carries its mark', () => {
    const untaint = ['taint', 'nodes', '--all', 'example-key=example-value:NoSchedule-'];
    const unlabel = ['label', 'nodes', '--all', 'disktype-'];
    const input = { ...oom, undo: [untaint, unlabel] };
    expect(planClear(input, read()).undo).toEqual([]);
    expect(planClear(input, read({ nodes: [node({ taints: [{ key: 'example-key', value: 'example-value', effect: 'NoSchedule' }] })] })).undo).toEqual([untaint]);
    expect(planClear(input, read({ nodes: [node({ labels: { disktype: 'ssd' } })] })).undo).toEqual([unlabel]);
  });

  it('knows the taint and label forms, and takes any other call as needed', () => {
    const tainted = node({ taints: [{ key: 'k', effect: 'NoExecute' }] });
    expect(carriesMark(['taint', 'nodes', '--all', 'k-'], tainted)).toBe(true);
    expect(carriesMark(['taint', 'nodes', '--all', 'k:NoSchedule-'], tainted)).toBe(false);
    expect(carriesMark(['taint', 'nodes', '--all', 'other-'], tainted)).toBe(false);
    expect(carriesMark(['label', 'nodes', 'kubelab-control-plane', 'zone-', '--overwrite'], node({ labels: { zone: 'a' } }))).toBe(true);
    expect(carriesMark(['delete', 'storageclass', 'slow'], node())).toBe(true);
    expect(carriesMark(['label', 'nodes', '--all', 'zone=a'], node())).toBe(true);
  });

  it('reads pods always, and each other kind the manifests make once', () => {
    expect(kindsToRead([{ kind: 'Pod', name: 'a' }, { kind: 'Service', name: 'b' }, { kind: 'Service', name: 'c' }, { kind: 'PersistentVolumeClaim', name: 'd' }])).toEqual(['pod', 'service', 'persistentvolumeclaim']);
  });
});
