import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Crash, overlap and disk-fault tests take minutes: `npm run test:faults` (CI runs both).
    exclude: ['test/faults/**', '**/node_modules/**'],
    // CLI tests spawn real processes and servers; two cores here.
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
