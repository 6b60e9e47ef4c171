import {existsSync, readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {runTally, type TallyIo} from './tally-command';

const root = new URL('../../', import.meta.url);
const at = (path: string) => fileURLToPath(new URL(path, root));
const fixture = (name: string) => at(`tests/fixtures/${name}`);

/** The real files, in process (no spawned command): the same runTally the CLI entry calls. */
const io: TallyIo = {
  readFile: (path) => readFileSync(path),
  exists: existsSync,
  defaultZonesPath: at('geodata/datong.geojson'),
  today: '2026-01-15',
  fileDate: () => '2026-01-02',
};

type Row = {id: string; areaSquareMeters: number; plots: number; outside: boolean};
const json = async (...argv: string[]) => {
  const run = await runTally(['--json', ...argv], io);
  expect(run.stderr).toBe('');
  return {code: run.exitCode, out: JSON.parse(run.stdout) as Record<string, unknown> & {byZone: Row[]; byMonth: {month: string; areaSquareMeters: number; plots: number}[]; remediatedM2: number}};
};
const sum = (rows: readonly {areaSquareMeters: number}[]) => rows.reduce((a, r) => a + r.areaSquareMeters, 0);

describe('tally: zones, zone checks and undated claims', () => {
  it('says its by-zone rows are by the indicative zones, with an outside row that makes them add up', async () => {
    const {out} = await json('--as-of', '2025-12-31', fixture('datong-programme-plots.geojson'));
    expect(out.zonesSource).toBe('indicative');
    expect(out).not.toHaveProperty('zonesFile');
    expect(out.byZone.map((z) => z.id)).toEqual([
      'datong-subsidence-qiaotou-north', 'datong-subsidence-qiaotou-west', 'datong-subsidence-liangjiao-gangou', 'datong-subsidence-liangjiao-east', 'outside',
    ]);
    expect(Math.abs(sum(out.byZone) - (out.remediatedM2 as number))).toBeLessThan(1e-3);
  });

  it('takes official zones from --zones in any import format, and names the file and its date', async () => {
    for (const file of ['official-zones-test.geojson', 'official-zones-test.kml']) {
      const {code, out} = await json('--zones', fixture(file), '--as-of', '2025-12-31', fixture('datong-programme-plots.geojson'));
      expect(code).toBe(0);
      expect(out).toMatchObject({zonesSource: 'official', zonesFile: file, zonesDate: '2026-01-02'});
      expect(out.byZone.map((z) => z.id)).toEqual(['TEST-A', 'TEST-B', 'outside']);
      expect(out.byZone[0]).toMatchObject({nameZh: '测试正式区甲', nameEn: 'Test official zone A'});
      expect(out.byZone[0]!.areaSquareMeters).toBeGreaterThan(0);
      expect(Math.abs(sum(out.byZone) - out.remediatedM2)).toBeLessThan(1e-3);
    }
  });

  it('lists plots whose zone attribute does not name the official zone they lie in', async () => {
    const {out} = await json('--zones', fixture('official-zones-test.geojson'), fixture('datong-programme-plots.geojson'));
    const checks = out.zoneChecks as {agreement: string; zone: string; locatedZone: string | null; index: number}[];
    // Every fixture plot carries an indicative zone id, which names no official zone.
    expect(checks).toHaveLength(25);
    expect(checks.every((c) => c.agreement === 'unrecognised' && c.zone.startsWith('datong-subsidence-'))).toBe(true);
    expect(new Set(checks.map((c) => c.locatedZone))).toEqual(new Set(['TEST-A', 'TEST-B']));
    // By the indicative zones, three fixture plots lie mostly outside the zone their attribute names.
    const indicative = (await json(fixture('datong-programme-plots.geojson'))).out.zoneChecks as {id: string; agreement: string; locatedZone: string | null; share: number}[];
    expect(indicative.map((c) => [c.id, c.agreement, c.locatedZone])).toEqual([['dp-013', 'mismatch', null], ['dp-015', 'mismatch', null], ['dp-016', 'mismatch', null]]);
    expect(indicative.every((c) => c.share > 0.5)).toBe(true);
  });

  it('refuses a zones file it cannot read, naming it', async () => {
    const run = await runTally(['--json', '--zones', at('src/cli/test/broken.geojson'), fixture('datong-plots.geojson')], io);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/broken\.geojson: cannot read zones: cannot parse/);
  });

  it('puts undated claims in their own month row, and leaves them out of an --as-of total, saying how many', async () => {
    const now = (await json(fixture('datong-programme-plots.geojson'))).out;
    const undated = now.byMonth.find((m) => m.month === 'unknown')!;
    expect(undated.plots).toBe(1);
    expect(Math.abs(sum(now.byMonth) - now.remediatedM2)).toBeLessThan(1e-3);
    expect(now).not.toHaveProperty('undatedLeftOut');
    const warned = (now.warnings as {id: string; reasons: {code: string}[]}[]).filter((w) => w.reasons.some((r) => r.code === 'no-completion-date'));
    expect(warned).toHaveLength(1);

    const asOf = (await json('--as-of', '2026-01-15', fixture('datong-programme-plots.geojson'))).out;
    expect(asOf.undatedLeftOut).toMatchObject({plots: 1});
    expect(asOf.byMonth.some((m) => m.month === 'unknown')).toBe(false);
    expect(asOf.remediatedM2).toBeCloseTo(now.remediatedM2 - undated.areaSquareMeters, 0);
    const text = await runTally(['--lang', 'en', '--as-of', '2026-01-15', fixture('datong-programme-plots.geojson')], io);
    expect(text.stdout).toMatch(/By subsidence zone \(by the indicative zones drawn by this project\)/);
    expect(text.stdout).toMatch(/Left out of this as-of total: 1 remediated plot\(s\) with no completion date/);
    expect((await runTally(['--lang', 'zh', fixture('datong-programme-plots.geojson')], io)).stdout).toMatch(/无完成日期: 1 ·/);
  });
});
