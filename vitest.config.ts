import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // CLI tests spawn real processes and servers; two cores here.
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
