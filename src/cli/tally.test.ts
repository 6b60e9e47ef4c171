import {describe, expect, it} from 'vitest';
import {spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {loadSqlWasmFromNodeModules} from '../geo/import/sql-wasm-node';
import {runTally, type TallyIo} from './tally-command';

const root = new URL('../../', import.meta.url);
const launcher = fileURLToPath(new URL('src/cli/launch.mjs', root));
const fixture = (name: string) => fileURLToPath(new URL(`./test/${name}`, import.meta.url));
const fixtureAt = (name: string) => fileURLToPath(new URL(`tests/fixtures/${name}`, root));

/** The same outside world src/cli/tally.ts hands the command, with a fixed today so the run does not depend on the calendar. */
const io: TallyIo = {
  readFile: (path) => readFileSync(path),
  exists: existsSync,
  defaultZonesPath: fileURLToPath(new URL('geodata/datong.geojson', root)),
  today: '2026-01-15',
  fileDate: (path) => statSync(path).mtime.toISOString().slice(0, 10),
  loadSqlWasm: loadSqlWasmFromNodeModules,
};

/** The command in process: what `npm run tally` computes, without starting node for every case. */
async function tally(...args: string[]) {
  const run = await runTally(args, io);
  return {code: run.exitCode, stdout: run.stdout, stderr: run.stderr};
}

/** Runs the real command as `npm run tally` does (precompiled by src/cli/launch.mjs), from a directory outside the repo. */
function spawnTally(...args: string[]) {
  const run = spawnSync(process.execPath, [launcher, 'tally', ...args], {cwd: tmpdir(), encoding: 'utf8'});
  return {code: run.status, stdout: run.stdout, stderr: run.stderr};
}

// Each spawn starts node (and may bundle the command first on a loaded two-core machine): the limit is for the spawn, not a timed assertion.
describe('npm run tally, as a process', {timeout: 60_000}, () => {
  it('writes the JSON tally to stdout and exits 0 when every plot is valid, from outside the repository', () => {
    const run = spawnTally('--json', '--as-of', '2025-06-30', fixture('valid.geojson'));
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(JSON.parse(run.stdout)).toMatchObject({plots: 2, invalid: [], targetMu: 7300});
  });

  it('exits 2 when a file cannot be read, naming it on stderr and printing nothing', () => {
    const missing = spawnTally(fixture('no-such-file.geojson'));
    expect(missing.code).toBe(2);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toMatch(/no-such-file\.geojson: cannot read: ENOENT/);
  });

  // The plots of a file were appended with push(...plots), one argument each: past ~120,000
  // plots (node's default stack) that threw "Maximum call stack size exceeded", though the
  // command takes files of a million features. A 100 kB stack brings the limit below 30,000.
  it('tallies a file of 30,000 plots on a small stack', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qh-tally-many-'));
    try {
      const features = Array.from({length: 30_000}, (_, i) => {
        const x = 101.5 + (i % 200) * 0.001, y = 36.8 + Math.floor(i / 200) * 0.001, d = 0.0005;
        return {
          type: 'Feature',
          properties: {id: `plot-${i}`, name: `地块 ${i}`, measure: 'cover-regreen', status: 'verified', completed: '2025-03-20', team: '一队', notes: '', updated: '2025-03-21T08:00:00Z'},
          geometry: {type: 'Polygon', coordinates: [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]]},
        };
      });
      const file = join(dir, 'many.geojson');
      writeFileSync(file, JSON.stringify({type: 'FeatureCollection', features}));
      const run = spawnSync(process.execPath, ['--stack-size=100', launcher, 'tally', '--json', file], {cwd: tmpdir(), encoding: 'utf8', maxBuffer: 1 << 26});
      expect([run.status, run.stderr.split('\n')[0]]).toEqual([0, '']);
      expect(JSON.parse(run.stdout)).toMatchObject({plots: 30_000, validPlots: 30_000, invalid: []});
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
  });
});

describe('npm run tally', () => {
  it('prints one JSON tally and exits 0 when every plot is valid', async () => {
    const run = await tally('--json', '--as-of', '2025-06-30', fixture('valid.geojson'));
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out).toMatchObject({plots: 2, invalid: [], targetMu: 7300});
    for (const key of ['remediatedM2', 'remediatedMu', 'remediatedHa', 'sphericalM2', 'overlapM2', 'percentOfTarget', 'byStatus', 'byZone', 'byMeasure', 'byMonth']) {
      expect(out).toHaveProperty(key);
    }
    // Two 0.002° squares overlapping by a quarter: the overlap is counted once.
    expect(out.overlapM2).toBeGreaterThan(0);
    expect(out.remediatedMu).toBeCloseTo(out.remediatedM2 / (10000 / 15), 3);
    expect(out.byStatus.verified.plots).toBe(1);
  });

  it('shows the programme as it stood on --as-of: later completions are not yet counted', async () => {
    const file = fixtureAt('datong-programme-plots.geojson');
    const end = JSON.parse((await tally('--json', '--as-of', '2025-12-31', file)).stdout);
    const earlier = JSON.parse((await tally('--json', '--as-of', '2025-03-31', file)).stdout);
    expect(earlier.remediatedMu).toBeGreaterThan(0);
    expect(earlier.remediatedMu).toBeLessThan(end.remediatedMu);
    expect(earlier.byMonth.every((m: {month: string}) => m.month <= '2025-03' || m.month === 'unknown')).toBe(true);
  });

  it('reads the Datong subsidence zones from the repository by default', async () => {
    const out = JSON.parse((await tally('--json', '--as-of', '2025-06-30', fixture('valid.geojson'))).stdout);
    expect(out.byZone.length).toBeGreaterThan(0);
    expect(out.byZone[0]).toHaveProperty('nameZh');
  });

  it('totals the valid plots and exits 1 when some were rejected', async () => {
    const run = await tally('--json', '--as-of', '2025-06-30', fixture('mixed.geojson'));
    expect(run.code).toBe(1);
    const out = JSON.parse(run.stdout);
    expect(out.plots).toBe(3);
    expect(out.invalid.map((r: {index: number; id: string}) => [r.index, r.id])).toEqual([[1, 'feature-level-id'], [2, '0a7c3e52-1d2b-4f6a-8c9e-3b5d7f9a1c03']]);
    expect(out.invalid[0].reasons[0]).toMatchObject({code: 'self-intersection'});
    expect(out.remediatedM2).toBeGreaterThan(0);
  });

  it('accepts a file that starts with a UTF-8 BOM', async () => {
    const run = await tally('--json', fixture('bom.geojson'));
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).plots).toBe(2);
  });

  it('exits 2 naming the file and the cause when a file cannot be parsed or read', async () => {
    const broken = await tally('--json', fixture('broken.geojson'));
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('broken.geojson');
    expect(broken.stderr).toMatch(/not valid JSON/);
    const missing = await tally(fixture('no-such-file.geojson'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no-such-file\.geojson: cannot read: ENOENT/);
  });

  it('prints a human tally in English or Chinese', async () => {
    expect((await tally('--lang', 'en', fixture('valid.geojson'))).stdout).toMatch(/Remediated area .*mu/);
    expect((await tally('--lang', 'zh', fixture('valid.geojson'))).stdout).toMatch(/已治理面积.*亩/);
  });

  it('tallies every import format to the same total as the source GeoJSON', async () => {
    const total = async (...args: string[]) => {
      const run = await tally('--json', '--as-of', '2025-06-30', ...args);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      return JSON.parse(run.stdout) as {plots: number; remediatedM2: number};
    };
    const source = await total(fixtureAt('datong-plots.geojson'));
    expect(source.plots).toBe(4);
    for (const file of ['datong-plots.kml', 'datong-plots.kmz', 'datong-plots-wkt-gbk.csv', 'datong-plots-epsg4522.shp.zip', 'datong-plots-epsg4543.shp.zip', 'datong-plots-epsg4522.geojson', 'datong-plots-epsg4522.gpkg']) {
      const out = await total(fixtureAt(file));
      expect([file, out.plots]).toEqual([file, 4]);
      expect(out.remediatedM2).toBeCloseTo(source.remediatedM2, -1);
    }
  });

  it('exits 2 asking for --source-crs when a projected file cannot say, and reads it with the flag', async () => {
    const asked = await tally('--json', fixtureAt('datong-plots-gk-xy.csv'));
    expect(asked.code).toBe(2);
    expect(asked.stderr).toMatch(/datong-plots-gk-xy\.csv: needs a coordinate system: .*pass --source-crs \(candidates: EPSG:4522 CGCS2000 \/ 3-degree Gauss-Kruger zone 34/);
    const read = await tally('--json', '--source-crs', 'EPSG:4522', fixtureAt('datong-plots-gk-xy.csv'));
    expect(read.code).toBe(0);
    expect(JSON.parse(read.stdout).plots).toBe(2);
  });

  it('exits 2 asking for --encoding when the text encoding is uncertain, and reads it with the flag', async () => {
    const asked = await tally('--json', fixtureAt('windows-1252-names.csv'));
    expect(asked.code).toBe(2);
    expect(asked.stderr).toMatch(/windows-1252-names\.csv: needs an encoding: .*pass --encoding \(decodes cleanly as: .*windows-1252/);
    // The one "plot" is three vertex rows of a triangle: read, then counted.
    expect((await tally('--json', '--encoding', 'windows-1252', fixtureAt('windows-1252-names.csv'))).code).toBe(0);
  });

  it('exits 2 with the cause for hostile files, and rejects unknown flag values', async () => {
    const bomb = await tally(fixtureAt('hostile-zip-bomb.zip'));
    expect(bomb.code).toBe(2);
    expect(bomb.stderr).toMatch(/hostile-zip-bomb\.zip: cannot parse: the zip would inflate to 4294967280 bytes/);
    expect((await tally('--source-crs', 'EPSG:1', fixtureAt('datong-plots.geojson'))).stderr).toMatch(/--source-crs must be an EPSG code/);
    expect((await tally('--source-shift', 'wgs', fixtureAt('datong-plots.geojson'))).code).toBe(2);
  });

  it('passes --source-shift to the pipeline: the same plots, moved, so a different total', async () => {
    const plain = JSON.parse((await tally('--json', '--as-of', '2025-06-30', fixtureAt('datong-plots.geojson'))).stdout);
    const run = await tally('--json', '--as-of', '2025-06-30', '--source-shift', 'gcj02', fixtureAt('datong-plots.geojson'));
    expect(run.code).toBe(0);
    const shifted = JSON.parse(run.stdout);
    expect(shifted.plots).toBe(plain.plots);
    expect(shifted.remediatedM2).not.toBe(plain.remediatedM2);
    expect(Math.abs(shifted.remediatedM2 / plain.remediatedM2 - 1)).toBeLessThan(0.01);
  });

  it('flags a duplicate id in the JSON and counts it once; offers and applies --swap-lon-lat; rejects empty geometry without a stack trace', async () => {
    const dup = await tally('--json', fixtureAt('malformed/geojson/duplicate-ids.geojson'));
    expect(dup.code).toBe(1);
    const out = JSON.parse(dup.stdout);
    expect([out.plots, out.validPlots]).toEqual([3, 2]);
    expect(out.invalid).toMatchObject([{index: 2, id: 'dup', reasons: [{code: 'duplicate-id', repairable: true, params: {id: 'dup', firstWhere: 'feature 1'}}]}]);

    const swapped = await tally('--json', fixtureAt('malformed/kml/all-swapped.kml'));
    expect(JSON.parse(swapped.stdout)).toMatchObject({validPlots: 0, swapLonLatSuggested: [fixtureAt('malformed/kml/all-swapped.kml')]});
    const fixed = await tally('--json', '--swap-lon-lat', fixtureAt('malformed/kml/all-swapped.kml'));
    expect([fixed.code, JSON.parse(fixed.stdout).validPlots]).toEqual([0, 3]);

    const empty = await tally('--json', fixtureAt('malformed/geojson/multipolygon-empty.geojson'));
    expect([empty.code, empty.stderr]).toEqual([1, '']);
    expect(JSON.parse(empty.stdout).invalid[0].reasons[0].code).toBe('empty-geometry');
  });
});
