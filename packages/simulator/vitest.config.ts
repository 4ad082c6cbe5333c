import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // One test simulates 40 days at full size; CI shares 2 cores with other packages' tests.
    testTimeout: 120_000, // only catches a hang: a loaded 2-core CI machine runs several times slower
  },
});
