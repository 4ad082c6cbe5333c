import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The suite simulates and trains for real; CI shares 2 cores with other packages' tests.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
