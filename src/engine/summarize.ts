// One line that says how an object stands now, for the live panel and for diagnoses.
import type { ObjectFacts } from './facts.js';

export function summarize(facts: ObjectFacts): string {
  if (!facts.exists) return 'not found';
  switch (facts.kind) {
    case 'pod': return `${facts.readyText} ${facts.status}, ${facts.restartCount} restart(s)`;
    case 'service': {
      const ports = facts.ports.map((p) => `${p.port}→${p.targetPort}`).join(',');
      const ready = facts.endpoints.ready;
      return `ports ${ports || 'none'}, endpoints ${ready.length > 0 ? ready.join(',') : '<none>'}`;
    }
    case 'pvc': return `${facts.phase ?? 'unknown'}${facts.storageClassName ? `, class ${facts.storageClassName}` : ''}${facts.volumeName ? `, volume ${facts.volumeName}` : ''}`;
    case 'node': return `${facts.ready ? 'Ready' : 'NotReady'}, taints ${facts.taints.length > 0 ? facts.taints.map((t) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`).join(',') : '<none>'}`;
    case 'deployment': return `${facts.ready}/${facts.replicas} ready, ${facts.available} available`;
  }
}
