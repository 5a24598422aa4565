// What kubelab knows about a pod at one moment, distilled from the API's JSON.
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

export interface PodFacts {
  name: string;
  exists: boolean;
  phase?: string;
  /** The STATUS column kubectl get would print. */
  status: string;
  ready: boolean;
  readyText: string;
  restartCount: number;
  deleting: boolean;
  state?: ContainerState;
  lastTerminated?: Termination;
  limits: Record<string, string>;
  requests: Record<string, string>;
  image?: string;
  nodeName?: string;
  conditions: Record<string, string>;
  scheduledMessage?: string;
}

export interface EventFact {
  type: string;
  reason: string;
  message: string;
  count: number;
}

export function absentPod(name: string): PodFacts {
  return { name, exists: false, status: 'NotFound', ready: false, readyText: '0/0', restartCount: 0, deleting: false, limits: {}, requests: {}, conditions: {} };
}

/** The newest termination the pod records: the current state if it just died, else the last one. */
export function latestTermination(pod: PodFacts): Termination | undefined {
  if (pod.state?.kind === 'terminated') return pod.state;
  return pod.lastTerminated;
}
