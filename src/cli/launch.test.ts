import {describe, expect, it} from 'vitest';
import {spawnSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';

const launcher = fileURLToPath(new URL('./launch.mjs', import.meta.url));
const fixture = fileURLToPath(new URL('./test/valid.geojson', import.meta.url));
// sql.js stays external to the bundle, so its cache must sit where node_modules resolves.
const cacheRoot = fileURLToPath(new URL('../../node_modules/.cache/', import.meta.url));
function freshCache(): string {
  mkdirSync(cacheRoot, {recursive: true});
  return mkdtempSync(join(cacheRoot, 'qh-cli-test-'));
}

function launch(cache: string, ...args: string[]) {
  const run = spawnSync(process.execPath, [launcher, ...args], {cwd: tmpdir(), encoding: 'utf8', env: {...process.env, QH_CLI_CACHE: cache}});
  return {code: run.status, stdout: run.stdout, stderr: run.stderr};
}

describe('src/cli/launch.mjs', () => {
  it('bundles a command once, reuses the bundle, and rebuilds it when a source file changed', () => {
    const cache = freshCache();
    const first = launch(cache, 'tally', '--json', '--as-of', '2025-06-30', fixture);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({plots: 2, targetMu: 7300});
    const bundle = join(cache, 'tally.mjs');
    const builtAt = statSync(bundle).mtimeMs;
    const inputs = JSON.parse(readFileSync(join(cache, 'tally.inputs.json'), 'utf8')) as Record<string, string>;
    expect(Object.keys(inputs)).toContain('src/geo/tally.ts');

    const second = launch(cache, 'tally', '--json', '--as-of', '2025-06-30', fixture);
    expect(second.stdout).toBe(first.stdout);
    expect(statSync(bundle).mtimeMs).toBe(builtAt);

    // A source whose size or mtime no longer matches the recorded stamp triggers a rebuild.
    writeFileSync(join(cache, 'tally.inputs.json'), JSON.stringify({...inputs, 'src/geo/tally.ts': '0:0'}));
    const third = launch(cache, 'tally', '--json', '--as-of', '2025-06-30', fixture);
    expect(third.stdout).toBe(first.stdout);
    expect(statSync(bundle).mtimeMs).toBeGreaterThan(builtAt);
    rmSync(cache, {recursive: true, force: true});
  });

  it('refuses a name that is not a command in src/cli', () => {
    const cache = freshCache();
    const run = launch(cache, '../geo/tally');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no command');
  });
});
