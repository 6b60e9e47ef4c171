import {fileURLToPath} from 'node:url';
import {defineConfig} from 'vitest/config';

// `npx vitest run --config tests/bench/vitest.store-bench.config.ts`: the in-store benches, run
// by vitest because the store imports Vite-only modules (wasm URLs) that plain tsx cannot load.
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {include: ['tests/bench/*.bench.store.ts'], environment: 'node', testTimeout: 600_000, passWithNoTests: true},
});
