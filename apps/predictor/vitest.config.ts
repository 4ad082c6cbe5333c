import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Real servers on a small shared machine: allow for a busy CPU rather than fail on it.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
