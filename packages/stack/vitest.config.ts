import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Real servers on a small shared machine: allow for a busy CPU rather than fail on it.
    testTimeout: 120_000, // only catches a hang: a loaded 2-core CI machine runs several times slower
    hookTimeout: 30_000,
  },
});
