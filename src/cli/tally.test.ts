import {describe, expect, it} from 'vitest';
import {spawnSync} from 'node:child_process';
import {tmpdir} from 'node:os';
import {fileURLToPath} from 'node:url';

const root = new URL('../../', import.meta.url);
const launcher = fileURLToPath(new URL('src/cli/launch.mjs', root));
const fixture = (name: string) => fileURLToPath(new URL(`./test/${name}`, import.meta.url));
const fixtureAt = (name: string) => fileURLToPath(new URL(`tests/fixtures/${name}`, root));

/** Runs the real command as `npm run tally` does (precompiled by src/cli/launch.mjs), from a directory outside the repo. */
function tally(...args: string[]) {
  const run = spawnSync(process.execPath, [launcher, 'tally', ...args], {cwd: tmpdir(), encoding: 'utf8'});
  return {code: run.status, stdout: run.stdout, stderr: run.stderr};
}

// Each case starts node + tsx (seconds on a loaded two-core machine): the limit is for the spawn, not a timed assertion.
describe('npm run tally', {timeout: 60_000}, () => {
  it('prints one JSON tally and exits 0 when every plot is valid', () => {
    const run = tally('--json', '--as-of', '2025-06-30', fixture('valid.geojson'));
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

  it('shows the programme as it stood on --as-of: later completions are not yet counted', () => {
    const file = fixtureAt('datong-programme-plots.geojson');
    const end = JSON.parse(tally('--json', '--as-of', '2025-12-31', file).stdout);
    const earlier = JSON.parse(tally('--json', '--as-of', '2025-03-31', file).stdout);
    expect(earlier.remediatedMu).toBeGreaterThan(0);
    expect(earlier.remediatedMu).toBeLessThan(end.remediatedMu);
    expect(earlier.byMonth.every((m: {month: string}) => m.month <= '2025-03' || m.month === 'unknown')).toBe(true);
  });

  it('reads the Datong subsidence zones from the repository by default', () => {
    const out = JSON.parse(tally('--json', '--as-of', '2025-06-30', fixture('valid.geojson')).stdout);
    expect(out.byZone.length).toBeGreaterThan(0);
    expect(out.byZone[0]).toHaveProperty('nameZh');
  });

  it('totals the valid plots and exits 1 when some were rejected', () => {
    const run = tally('--json', '--as-of', '2025-06-30', fixture('mixed.geojson'));
    expect(run.code).toBe(1);
    const out = JSON.parse(run.stdout);
    expect(out.plots).toBe(3);
    expect(out.invalid.map((r: {index: number; id: string}) => [r.index, r.id])).toEqual([[1, 'feature-level-id'], [2, '0a7c3e52-1d2b-4f6a-8c9e-3b5d7f9a1c03']]);
    expect(out.invalid[0].reasons[0]).toMatchObject({code: 'self-intersection'});
    expect(out.remediatedM2).toBeGreaterThan(0);
  });

  it('accepts a file that starts with a UTF-8 BOM', () => {
    const run = tally('--json', fixture('bom.geojson'));
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).plots).toBe(2);
  });

  it('exits 2 naming the file and the cause when a file cannot be parsed or read', () => {
    const broken = tally('--json', fixture('broken.geojson'));
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('broken.geojson');
    expect(broken.stderr).toMatch(/not valid JSON/);
    const missing = tally(fixture('no-such-file.geojson'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no-such-file\.geojson: cannot read: ENOENT/);
  });

  it('prints a human tally in English or Chinese', () => {
    expect(tally('--lang', 'en', fixture('valid.geojson')).stdout).toMatch(/Remediated area .*mu/);
    expect(tally('--lang', 'zh', fixture('valid.geojson')).stdout).toMatch(/已治理面积.*亩/);
  });

  it('tallies every import format to the same total as the source GeoJSON', () => {
    const total = (...args: string[]) => {
      const run = tally('--json', '--as-of', '2025-06-30', ...args);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      return JSON.parse(run.stdout) as {plots: number; remediatedM2: number};
    };
    const source = total(fixtureAt('datong-plots.geojson'));
    expect(source.plots).toBe(4);
    for (const file of ['datong-plots.kml', 'datong-plots.kmz', 'datong-plots-wkt-gbk.csv', 'datong-plots-epsg4522.shp.zip', 'datong-plots-epsg4543.shp.zip', 'datong-plots-epsg4522.geojson', 'datong-plots-epsg4522.gpkg']) {
      const out = total(fixtureAt(file));
      expect([file, out.plots]).toEqual([file, 4]);
      expect(out.remediatedM2).toBeCloseTo(source.remediatedM2, -1);
    }
  }, 60_000);

  it('exits 2 asking for --source-crs when a projected file cannot say, and reads it with the flag', () => {
    const asked = tally('--json', fixtureAt('datong-plots-gk-xy.csv'));
    expect(asked.code).toBe(2);
    expect(asked.stderr).toMatch(/datong-plots-gk-xy\.csv: needs a coordinate system: .*pass --source-crs \(candidates: EPSG:4522 CGCS2000 \/ 3-degree Gauss-Kruger zone 34/);
    const read = tally('--json', '--source-crs', 'EPSG:4522', fixtureAt('datong-plots-gk-xy.csv'));
    expect(read.code).toBe(0);
    expect(JSON.parse(read.stdout).plots).toBe(2);
  });

  it('exits 2 asking for --encoding when the text encoding is uncertain, and reads it with the flag', () => {
    const asked = tally('--json', fixtureAt('windows-1252-names.csv'));
    expect(asked.code).toBe(2);
    expect(asked.stderr).toMatch(/windows-1252-names\.csv: needs an encoding: .*pass --encoding \(decodes cleanly as: .*windows-1252/);
    // The one "plot" is three vertex rows of a triangle: read, then counted.
    expect(tally('--json', '--encoding', 'windows-1252', fixtureAt('windows-1252-names.csv')).code).toBe(0);
  });

  it('exits 2 with the cause for hostile files, and rejects unknown flag values', () => {
    const bomb = tally(fixtureAt('hostile-zip-bomb.zip'));
    expect(bomb.code).toBe(2);
    expect(bomb.stderr).toMatch(/hostile-zip-bomb\.zip: cannot parse: the zip would inflate to 4294967280 bytes/);
    expect(tally('--source-crs', 'EPSG:1', fixtureAt('datong-plots.geojson')).stderr).toMatch(/--source-crs must be an EPSG code/);
    expect(tally('--source-shift', 'wgs', fixtureAt('datong-plots.geojson')).code).toBe(2);
  });

  it('passes --source-shift to the pipeline: the same plots, moved, so a different total', () => {
    const plain = JSON.parse(tally('--json', '--as-of', '2025-06-30', fixtureAt('datong-plots.geojson')).stdout);
    const run = tally('--json', '--as-of', '2025-06-30', '--source-shift', 'gcj02', fixtureAt('datong-plots.geojson'));
    expect(run.code).toBe(0);
    const shifted = JSON.parse(run.stdout);
    expect(shifted.plots).toBe(plain.plots);
    expect(shifted.remediatedM2).not.toBe(plain.remediatedM2);
    expect(Math.abs(shifted.remediatedM2 / plain.remediatedM2 - 1)).toBeLessThan(0.01);
  });
  it('flags a duplicate id in the JSON and counts it once; offers and applies --swap-lon-lat; rejects empty geometry without a stack trace', () => {
    const dup = tally('--json', fixtureAt('malformed/geojson/duplicate-ids.geojson'));
    expect(dup.code).toBe(1);
    const out = JSON.parse(dup.stdout);
    expect([out.plots, out.validPlots]).toEqual([3, 2]);
    expect(out.invalid).toMatchObject([{index: 2, id: 'dup', reasons: [{code: 'duplicate-id', repairable: true, params: {id: 'dup', firstWhere: 'feature 1'}}]}]);

    const swapped = tally('--json', fixtureAt('malformed/kml/all-swapped.kml'));
    expect(JSON.parse(swapped.stdout)).toMatchObject({validPlots: 0, swapLonLatSuggested: [fixtureAt('malformed/kml/all-swapped.kml')]});
    const fixed = tally('--json', '--swap-lon-lat', fixtureAt('malformed/kml/all-swapped.kml'));
    expect([fixed.code, JSON.parse(fixed.stdout).validPlots]).toEqual([0, 3]);

    const empty = tally('--json', fixtureAt('malformed/geojson/multipolygon-empty.geojson'));
    expect([empty.code, empty.stderr]).toEqual([1, '']);
    expect(JSON.parse(empty.stdout).invalid[0].reasons[0].code).toBe('empty-geometry');
  });
});
