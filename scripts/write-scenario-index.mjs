// After tsc: loads and validates every shipped scenario with the built loader and keeps their
// summaries in dist/scenario-index.json, so kubelab list and the menu start without the YAML parser
// and the schema, and each loaded scenario in dist/scenario-loaded/<id>.json, so a lab starts
// without them too. A scenario that does not load is left out (kubelab then reports it as it loads it).
import { scenarioIds } from '../dist/scenario/listing.js';
import { loadScenario } from '../dist/scenario/load.js';
import { scenariosDir } from '../dist/scenario/paths.js';
import { writeKept } from '../dist/scenario/loaded-cache.js';
import { writeSummaryIndex } from '../dist/scenario/summary-index-write.js';
import { join } from 'node:path';

const loaded = [];
for (const id of scenarioIds()) {
  try {
    loaded.push(loadScenario(join(scenariosDir(), id)));
  } catch (error) {
    process.stderr.write(`scenario-index: ${id} left out: ${error.message.split('\n')[0]}\n`);
  }
}
await writeSummaryIndex(loaded);
writeKept(loaded);
