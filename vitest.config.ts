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
    // Test files in one worker share its module cache instead of importing everything again:
    // two thirds of the run was module loading (import 27.8 s of a 43.8 s run on this machine,
    // 24 s without). No test relies on a fresh module: state lives in stores each test creates.
    isolate: false,
  },
});
