import {defineConfig} from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'seeds/**/*.test.ts', 'tests/*.test.ts'],
    environment: 'node',
    // Several suites spawn processes (the tally command, eslint, the team server); on a busy
    // 2-core machine 5 s is not enough for a cold tsx start. Timeouts only, never assertions.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
