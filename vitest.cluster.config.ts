import { defineConfig } from 'vitest/config';
import ByName from './test/real-cluster/sequencer.js';

// The real-cluster suite: its files share one cluster and run one at a time in the order of their
// names, with minutes-long timeouts. Run by npm run test:cluster (test/real-cluster/run.sh).
export default defineConfig({
  test: {
    include: ['test/real-cluster/**/*.cluster.test.ts'],
    fileParallelism: false,
    sequence: { sequencer: ByName },
    testTimeout: 20 * 60_000,
    hookTimeout: 5 * 60_000,
    env: { FORCE_COLOR: '0', NO_COLOR: '1' },
    reporters: ['default', ['json', { outputFile: '.vitest-cluster-results.json' }]],
  },
});
