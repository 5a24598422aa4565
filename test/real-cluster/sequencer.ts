// The real-cluster files share one cluster and build on each other: they run in the order of
// their names (01-lab creates the cluster, 99-down deletes it).
import { BaseSequencer, type TestSpecification } from 'vitest/node';

export default class ByName extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return [...files].sort((a, b) => a.moduleId.localeCompare(b.moduleId));
  }
}
