import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The suite simulates and trains for real; CI shares 2 cores with other packages' tests.
    // A loaded machine can take several times its usual time; the bound only catches a hang.
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
