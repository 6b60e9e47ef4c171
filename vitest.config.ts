import {availableParallelism} from 'node:os';
import {defineConfig} from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'seeds/**/*.test.ts', 'tests/*.test.ts'],
    environment: 'node',
    // Several suites spawn processes (the tally command, eslint, the team server); on a busy
    // 2-core machine 5 s is not enough for a cold tsx start. Timeouts only, never assertions.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Vitest's default is one worker fewer than the cores: a single worker on this 2-core
    // machine, which then runs 60 files one after another while the main process idles.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
