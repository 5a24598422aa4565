// What a class puts on the shared cluster for each learner: a namespace, a service account whose
// Role reaches only that namespace, a quota and default limits sized to the scenarios. Pure.
export const CLASS_LABEL = 'kubelab.dev/class';
export const LEARNER_LABEL = 'kubelab.dev/learner';
export const PROGRESS_LABEL = 'kubelab.dev/progress';
export const PROGRESS_CONFIGMAP = 'kubelab-progress';
export const SERVICE_ACCOUNT = 'learner';

export const learnerName = (index: number, count: number): string => `learner-${String(index).padStart(Math.max(2, String(count).length), '0')}`;
export const learnerNamespace = (klass: string, learner: string): string => `${klass}-${learner}`;

type Doc = Record<string, unknown>;

/** Everything one learner's namespace holds, in the order to apply it. */
export function learnerObjects(klass: string, learner: string): Doc[] {
  const ns = learnerNamespace(klass, learner);
  const labels = { [CLASS_LABEL]: klass, [LEARNER_LABEL]: learner, 'app.kubernetes.io/managed-by': 'kubelab' };
  const meta = (name: string) => ({ name, namespace: ns, labels });
  const rw = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels } },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(SERVICE_ACCOUNT) },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: meta('kubelab-learner'),
      rules: [
        // What the scenarios make and fix, and what a learner reads to find out why.
        { apiGroups: [''], resources: ['pods', 'services', 'configmaps', 'persistentvolumeclaims'], verbs: rw },
        { apiGroups: [''], resources: ['pods/log', 'endpoints', 'events', 'resourcequotas', 'limitranges', 'serviceaccounts'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: [''], resources: ['pods/exec'], verbs: ['create', 'get'] },
        { apiGroups: ['apps'], resources: ['deployments', 'replicasets'], verbs: rw },
        { apiGroups: ['apps'], resources: ['deployments/scale'], verbs: ['get', 'update', 'patch'] },
        { apiGroups: ['events.k8s.io'], resources: ['events'], verbs: ['get', 'list', 'watch'] },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: meta('kubelab-learner'),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'kubelab-learner' },
      subjects: [{ kind: 'ServiceAccount', name: SERVICE_ACCOUNT, namespace: ns }],
    },
    {
      // Room for a scenario's broken and fixed objects at once, and no more.
      apiVersion: 'v1', kind: 'ResourceQuota', metadata: meta('kubelab-learner'),
      spec: { hard: { pods: '10', 'requests.cpu': '1', 'requests.memory': '2Gi', 'limits.cpu': '3', 'limits.memory': '3Gi', persistentvolumeclaims: '4', 'requests.storage': '8Gi', services: '8', 'count/deployments.apps': '4' } },
    },
    {
      // Containers that say nothing get a small CPU limit, so thirty stress pods can't starve the node.
      apiVersion: 'v1', kind: 'LimitRange', metadata: meta('kubelab-learner'),
      spec: { limits: [{ type: 'Container', default: { cpu: '250m', memory: '256Mi' }, defaultRequest: { cpu: '10m', memory: '32Mi' }, max: { cpu: '1', memory: '1Gi' } }] },
    },
  ];
}

/** A learner's kubeconfig: the class cluster, a time-limited token, a context naming their namespace. */
export function learnerKubeconfig(o: { klass: string; learner: string; server: string; caData?: string; insecure?: boolean; token: string }): Doc {
  const name = learnerNamespace(o.klass, o.learner);
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: o.klass, cluster: { server: o.server, ...(o.caData ? { 'certificate-authority-data': o.caData } : {}), ...(o.insecure ? { 'insecure-skip-tls-verify': true } : {}) } }],
    users: [{ name, user: { token: o.token } }],
    contexts: [{ name, context: { cluster: o.klass, user: name, namespace: name } }],
    'current-context': name,
    preferences: {},
  };
}
