// What kubelab knows about the cluster's objects at one moment, distilled from the API's JSON.
export interface Termination {
  reason: string;
  exitCode: number;
  startedAt?: string;
  finishedAt?: string;
}

export type ContainerState =
  | { kind: 'waiting'; reason?: string; message?: string }
  | { kind: 'running'; startedAt?: string }
  | ({ kind: 'terminated' } & Termination);

export interface ProbeFacts {
  /** httpGet path, tcpSocket port or exec command, as written. */
  describe: string;
  httpPath?: string;
  port?: string;
}

/** One container as the pod spec writes it. */
export interface ContainerSpecFacts {
  name: string;
  image?: string;
  /** command followed by args, as one word list. */
  argv: string[];
  limits: Record<string, string>;
  requests: Record<string, string>;
  ports: number[];
  /** The names of its ports (a Service's targetPort may name one). */
  portNames: string[];
  liveness?: ProbeFacts;
  readiness?: ProbeFacts;
}

export interface PodFacts {
  kind: 'pod';
  name: string;
  exists: boolean;
  namespace?: string;
  uid?: string;
  createdAt?: string;
  labels: Record<string, string>;
  phase?: string;
  /** The STATUS column kubectl get would print. */
  status: string;
  ready: boolean;
  readyText: string;
  restartCount: number;
  deleting: boolean;
  state?: ContainerState;
  lastTerminated?: Termination;
  /** The target container's limits and requests (the first container unless one is named). */
  limits: Record<string, string>;
  requests: Record<string, string>;
  image?: string;
  containerName?: string;
  containerId?: string;
  containers: ContainerSpecFacts[];
  nodeName?: string;
  podIP?: string;
  qosClass?: string;
  conditions: Record<string, string>;
  scheduledMessage?: string;
  dnsPolicy?: string;
  nameservers: string[];
  /** PersistentVolumeClaims the pod mounts. */
  claims: string[];
  nodeSelector: Record<string, string>;
  /** Required node-affinity terms, each as "key op values". */
  affinity: string[];
  tolerations: string[];
}

export interface ServicePort {
  port: number;
  targetPort: string;
  protocol: string;
}

export interface ServiceFacts {
  kind: 'service';
  name: string;
  exists: boolean;
  type?: string;
  clusterIP?: string;
  selector: Record<string, string>;
  ports: ServicePort[];
  /** From the Endpoints object of the same name: ready addresses and their ports. */
  endpoints: { ready: string[]; notReady: string[]; ports: number[] };
}

export interface PvcFacts {
  kind: 'pvc';
  name: string;
  exists: boolean;
  phase?: string;
  storageClassName?: string;
  volumeName?: string;
}

export interface Taint {
  key: string;
  value?: string;
  effect: string;
}

export interface NodeFacts {
  kind: 'node';
  name: string;
  exists: boolean;
  ready: boolean;
  labels: Record<string, string>;
  taints: Taint[];
  allocatable: Record<string, string>;
  /** The node's kubelet version (on a kind node, the cluster's own version). */
  kubeletVersion?: string;
}

export interface DeploymentFacts {
  kind: 'deployment';
  name: string;
  exists: boolean;
  replicas: number;
  ready: number;
  available: number;
  selector: Record<string, string>;
}

export type ObjectFacts = PodFacts | ServiceFacts | PvcFacts | NodeFacts | DeploymentFacts;
export type ObjectKind = ObjectFacts['kind'];

export interface EventFact {
  type: string;
  reason: string;
  message: string;
  count: number;
  object?: string;
}

export function absentPod(name: string): PodFacts {
  return {
    kind: 'pod', name, exists: false, status: 'NotFound', ready: false, readyText: '0/0', restartCount: 0, deleting: false,
    labels: {}, limits: {}, requests: {}, containers: [], conditions: {}, nameservers: [], claims: [], nodeSelector: {}, affinity: [], tolerations: [],
  };
}

export function absent(kind: ObjectKind, name: string): ObjectFacts {
  switch (kind) {
    case 'pod': return absentPod(name);
    case 'service': return { kind, name, exists: false, selector: {}, ports: [], endpoints: { ready: [], notReady: [], ports: [] } };
    case 'pvc': return { kind, name, exists: false };
    case 'node': return { kind, name, exists: false, ready: false, labels: {}, taints: [], allocatable: {} };
    case 'deployment': return { kind, name, exists: false, replicas: 0, ready: 0, available: 0, selector: {} };
  }
}

/** The newest termination the pod records: the current state if it just died, else the last one. */
export function latestTermination(pod: PodFacts): Termination | undefined {
  if (pod.state?.kind === 'terminated') return pod.state;
  return pod.lastTerminated;
}

/** The spec of the container a check is about: the named one, else the first. */
export function targetContainer(pod: PodFacts): ContainerSpecFacts | undefined {
  return pod.containers.find((c) => c.name === pod.containerName) ?? pod.containers[0];
}
