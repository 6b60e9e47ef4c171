import {spawnSync} from 'node:child_process';
import {existsSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {plotFile} from './plot-files';
import {fmt, median} from './stats';

const root = fileURLToPath(new URL('../..', import.meta.url));
const TIME = '/usr/bin/time';

/** Wall time and peak resident memory of one whole process (GNU time when present). */
function run(args: string[]): {ms: number; maxRssMB: number; exitCode: number | null; stderr: string} {
  const timed = existsSync(TIME);
  const start = performance.now();
  const child = spawnSync(timed ? TIME : process.execPath, timed ? ['-f', '%M', process.execPath, ...args] : args, {cwd: root, encoding: 'utf8', maxBuffer: 1 << 28});
  const ms = performance.now() - start;
  const kB = timed ? Number(/(\d+)\s*$/.exec(child.stderr)?.[1]) : NaN;
  return {ms, maxRssMB: kB / 1024, exitCode: child.status, stderr: child.stderr};
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
    const t: ReturnType<typeof run>[] = [], p: ReturnType<typeof run>[] = [];
    for (let r = 0; r < runs; r++) {
      t.push(run(tally));
      p.push(run(parse));
    }
    const tm = median(t.map((x) => x.ms)), pm = median(p.map((x) => x.ms));
    // Exit 2 is a refusal (the 100k file is beyond the import budget): its time is no tally's.
    const refused = t.find((x) => x.exitCode !== 0 && x.exitCode !== 1);
    if (refused) console.log(`${String(count).padStart(7)} plots: tally exited ${refused.exitCode}: ${refused.stderr.split('\n')[0]}`);
    console.log(`${String(count).padStart(7)} plots: tally ${fmt(tm)} (peak RSS ${Math.max(...t.map((x) => x.maxRssMB)).toFixed(0)} MB), JSON.parse ${fmt(pm)} → ${(tm / pm).toFixed(2)} ×   runs ${t.map((x) => fmt(x.ms)).join(', ')} / ${p.map((x) => fmt(x.ms)).join(', ')}`);
  }
}
