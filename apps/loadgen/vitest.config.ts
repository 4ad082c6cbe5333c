import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Each file starts a real predictor (and one a Prometheus + Alertmanager) on a 2-core machine:
    // one file at a time keeps them from starving each other.
    fileParallelism: false,
    testTimeout: 120_000, // only catches a hang: a loaded 2-core CI machine runs several times slower
    hookTimeout: 60_000,
  },
});
