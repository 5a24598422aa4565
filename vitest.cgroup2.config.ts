import { defineConfig } from 'vitest/config';

// The cgroup v2 tier: checks what the guest's run left in KUBELAB_CG2_RESULTS (test/cgroup2/run.sh).
export default defineConfig({
  test: {
    include: ['test/cgroup2/**/*.cgroup2.test.ts'],
    testTimeout: 60_000,
    env: { FORCE_COLOR: '0', NO_COLOR: '1' },
    reporters: ['default', ['json', { outputFile: '.vitest-cgroup2-results.json' }]],
  },
});
