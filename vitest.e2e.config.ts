import {defineConfig} from 'vitest/config';

// Browser tests: the built app in Debian's Chromium. Run one file at a time (2 cores,
// software WebGL); `npm run test:e2e` builds first.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    environment: 'node',
    testTimeout: 90_000,
    hookTimeout: 90_000,
    fileParallelism: false,
    // expect.poll's own default (1 s) is shorter than a loaded 2-core machine's slowest store
    // update; a poll is a condition, so a longer bound only costs time when it fails.
    expect: {poll: {timeout: 15_000}},
    globalSetup: ['tests/e2e/global-setup.ts'],
  },
});
