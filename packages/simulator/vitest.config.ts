import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // One test simulates 40 days at full size; CI shares 2 cores with other packages' tests.
    testTimeout: 30_000,
  },
});
