import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    exclude: ['test/real-cluster/**', 'test/cgroup2/**', 'node_modules/**'],
    env: { CI: 'false', FORCE_COLOR: '0', NO_COLOR: '1', COLUMNS: '100' },
    // Most tests wait on stand-in processes, not the CPU: two files at a time on the 2-core CI
    // machines (vitest's default there is one) shortens the tier without slowing a test past its limits.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 20_000,
    reporters: ['default', ['json', { outputFile: '.vitest-results.json' }]],
  },
});
