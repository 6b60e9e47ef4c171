import {spawnSync} from 'node:child_process';
import {existsSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {plotFile} from './plot-files';
import {fmt, median} from './stats';

const root = fileURLToPath(new URL('../..', import.meta.url));
const TIME = '/usr/bin/time';

/** Wall time and peak resident memory of one whole process (GNU time when present). */
function run(args: string[]): {ms: number; maxRssMB: number} {
  const timed = existsSync(TIME);
  const start = performance.now();
  const child = spawnSync(timed ? TIME : process.execPath, timed ? ['-f', '%M', process.execPath, ...args] : args, {cwd: root, encoding: 'utf8', maxBuffer: 1 << 28});
  const ms = performance.now() - start;
  const kB = timed ? Number(/(\d+)\s*$/.exec(child.stderr)?.[1]) : NaN;
  return {ms, maxRssMB: kB / 1024};
}

/**
 * `npm run tally` (the precompiled command) against a bare `JSON.parse` of the same file, each
 * a whole node process, interleaved, median of `runs`. Issue 11: ≤ 4 × at 10k; 100k ≤ 8 s, < 2 GB.
 */
export async function benchCli(counts: readonly number[], runs = 3): Promise<void> {
  console.log(`\n== npm run tally vs bare JSON.parse, whole process, median of ${runs}`);
  for (const count of counts) {
    const {path} = plotFile(count);
    const tally = ['src/cli/launch.mjs', 'tally', '--json', path];
    const parse = ['-e', 'JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8"))', path];
    run(tally); // builds the bundle when a source changed
    const t: {ms: number; maxRssMB: number}[] = [], p: {ms: number; maxRssMB: number}[] = [];
    for (let r = 0; r < runs; r++) {
      t.push(run(tally));
      p.push(run(parse));
    }
    const tm = median(t.map((x) => x.ms)), pm = median(p.map((x) => x.ms));
    console.log(`${String(count).padStart(7)} plots: tally ${fmt(tm)} (peak RSS ${Math.max(...t.map((x) => x.maxRssMB)).toFixed(0)} MB), JSON.parse ${fmt(pm)} → ${(tm / pm).toFixed(2)} ×   runs ${t.map((x) => fmt(x.ms)).join(', ')} / ${p.map((x) => fmt(x.ms)).join(', ')}`);
  }
}
