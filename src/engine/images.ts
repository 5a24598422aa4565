// The container images a manifest uses: pods, and the pod templates of workload objects.
import { parseAllDocuments } from '../vendor/yaml.js';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export function manifestImages(text: string): string[] {
  const images = new Set<string>();
  for (const doc of parseAllDocuments(text)) {
    const o = obj(doc.toJS());
    const podSpec = o.kind === 'Pod' ? obj(o.spec) : obj(obj(obj(o.spec).template).spec);
    for (const c of [...arr(podSpec.containers), ...arr(podSpec.initContainers)]) {
      const image = obj(c).image;
      if (typeof image === 'string') images.add(image);
    }
  }
  return [...images];
}
