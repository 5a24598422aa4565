import { defineConfig } from 'vitest/config';

// The real-cluster suite: one file, in order, with minutes-long timeouts. Run by npm run test:cluster.
export default defineConfig({
  test: {
    include: ['test/real-cluster/**/*.cluster.test.ts'],
    fileParallelism: false,
    testTimeout: 20 * 60_000,
    hookTimeout: 5 * 60_000,
    env: { FORCE_COLOR: '0', NO_COLOR: '1' },
    reporters: ['default', ['json', { outputFile: '.vitest-cluster-results.json' }]],
  },
});
