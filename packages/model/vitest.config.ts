import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The feature test recomputes features by brute force (quadratic); CI shares 2 cores with other packages' tests.
    testTimeout: 120_000, // only catches a hang: a loaded 2-core CI machine runs several times slower
  },
});
