import { defineConfig } from 'vitest/config';

/** Crash, overlap and disk-fault tests: real processes killed mid-write, minutes not seconds. */
export default defineConfig({
  test: {
    include: ['test/faults/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 60_000,
    // The files kill processes and fill disks; run them one at a time.
    fileParallelism: false,
  },
});
