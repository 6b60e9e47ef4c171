import {readFileSync, readdirSync} from 'node:fs';
import {join, relative} from 'node:path';
import {fileURLToPath} from 'node:url';

/** The global browser tests read the map from (src/map/test-hook.ts); only `vite build --mode e2e` sets it. */
export const TEST_HOOK_NAME = 'qhMap';

/** The built script files under `dir` that still mention the test hook (none in a production build). */
export function filesWithTestHook(dir: string): string[] {
  const found: string[] = [];
  const walk = (at: string) => {
    for (const entry of readdirSync(at, {withFileTypes: true})) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(m?js|html)$/.test(entry.name) && readFileSync(path, 'utf8').includes(TEST_HOOK_NAME)) found.push(relative(dir, path));
    }
  };
  walk(dir);
  return found;
}

// `tsx tests/no-test-hook.ts dist`: run after every production build (package.json build/start).
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = process.argv[2] ?? 'dist';
  const found = filesWithTestHook(dir);
  if (found.length) {
    console.error(`The production build carries the browser-test hook window.${TEST_HOOK_NAME} in: ${found.join(', ')}. Build tests with \`vite build --mode e2e\` only.`);
    process.exit(1);
  }
  console.log(`${dir}: no browser-test hook in the production build`);
}
