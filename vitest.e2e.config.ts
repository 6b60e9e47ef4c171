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
    globalSetup: ['tests/e2e/global-setup.ts'],
  },
});
