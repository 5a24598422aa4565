// When a pod never reaches what a step waits for: what it is doing instead, and what to do.
import { latestTermination, type EventFact, type PodFacts } from './facts.js';

export interface Diagnosis {
  doing: string;
  todo: string;
}

export function diagnose(pod: PodFacts | undefined, events: EventFact[] = []): Diagnosis {
  if (!pod || !pod.exists) {
    return { doing: 'the pod does not exist', todo: 'Check that the manifest was applied: kubectl get pods. Another tool may have deleted it.' };
  }
  const waiting = pod.state?.kind === 'waiting' ? pod.state : undefined;
  const reason = waiting?.reason ?? '';
  if (reason === 'ErrImagePull' || reason === 'ImagePullBackOff') {
    const pull = events.find((e) => e.reason === 'Failed')?.message;
    return {
      doing: `the node can't pull the image ${pod.image ?? ''} (${reason})${pull ? `: ${pull}` : ''}`,
      todo: 'Check the image name and your network. Offline, load the image into the cluster first (kind load docker-image IMAGE --name <cluster>) and use a tag other than latest, or set imagePullPolicy: IfNotPresent.',
    };
  }
  if (reason === 'CreateContainerConfigError' || reason === 'CreateContainerError' || reason === 'RunContainerError') {
    return { doing: `the container can't start (${reason}${waiting?.message ? `: ${waiting.message}` : ''})`, todo: 'Read the Events at the end of kubectl describe pod.' };
  }
  if (pod.phase === 'Pending' && !pod.nodeName) {
    const scheduling = events.find((e) => e.reason === 'FailedScheduling')?.message ?? pod.scheduledMessage;
    return {
      doing: `the pod is Pending and not scheduled${scheduling ? `: ${scheduling}` : ''}`,
      todo: 'Check the node: kubectl get nodes. A NotReady node or too few resources keeps pods Pending.',
    };
  }
  if (reason === 'ContainerCreating' || (pod.phase === 'Pending' && pod.nodeName)) {
    return { doing: 'the container is still being created (pulling the image or setting up the sandbox)', todo: 'Give it longer on a slow network, and read the Events in kubectl describe pod.' };
  }
  const last = latestTermination(pod);
  if (last) {
    return {
      doing: `the container keeps stopping with ${last.reason} (exit code ${last.exitCode}), ${pod.restartCount} restart(s)`,
      todo: 'Read the container\'s output before it died: kubectl logs --previous <pod>.',
    };
  }
  if (pod.state?.kind === 'running') {
    return { doing: `the container is running (${pod.readyText} ready, ${pod.restartCount} restarts)`, todo: 'It has not failed yet. On a slow machine it may need longer; try again with a longer wait.' };
  }
  return { doing: `the pod is ${pod.status}`, todo: 'Read kubectl describe pod for its state and events.' };
}
