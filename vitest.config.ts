import os from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One test file per core. Vitest's default leaves one core to its own process (so one worker
    // on a 2-core machine), which sits mostly idle: two workers ran the suite in 492 s against
    // 652 s on such a machine (docs/benchmarks.md, session 8).
    maxWorkers: Math.max(1, os.availableParallelism()),
    reporters: ['default'],
  },
});
