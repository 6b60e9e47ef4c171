import {describe, expect, inject, it} from 'vitest';
import {execFileSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import type {Page} from 'playwright-core';
import type {Plot} from '../../src/geo/plot';
import {openWatched, waitForFirstIdle, waitForIdle} from './browser';
import {seedPlots} from './seed-plots';
import {sharedBrowser} from './suite';

const baseUrl = inject('baseUrl');
const FIXTURE = 'tests/fixtures/datong-programme-plots.geojson';
const plots = (JSON.parse(readFileSync(FIXTURE, 'utf8')) as {features: Plot[]}).features;

type CliTally = {
  remediatedMu: number; remediatedHa: number; percentOfTarget: number;
  byStatus: Record<string, {plots: number; areaMu: number}>;
  byZone: {nameEn: string; areaMu: number}[];
  byMeasure: Record<string, {plots: number; areaMu: number}>;
  pace: {muPerMonth: number; projectedTargetDate: string | null; asOf: string};
};

/** `npm run tally -- --json --as-of DAY FILE`, run as the command line runs it. */
function cliTally(file: string, asOf: string): CliTally {
  const out = execFileSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'src/cli/tally.ts', '--json', '--as-of', asOf, file], {encoding: 'utf8'});
  return JSON.parse(out) as CliTally;
}

const value = async (page: Page, testId: string) => Number(await page.getByTestId(testId).getAttribute('data-value'));

async function setAsOf(page: Page, day: string) {
  await page.getByLabel('As of', {exact: true}).fill(day);
  await expect.poll(() => page.getByTestId('as-of').textContent()).toBe(day);
}

async function expectDashboardEquals(page: Page, cli: CliTally) {
  expect(await value(page, 'dash-remediated-mu')).toBeCloseTo(cli.remediatedMu, 3);
  expect(await value(page, 'dash-remediated-ha')).toBeCloseTo(cli.remediatedHa, 3);
  expect(await value(page, 'dash-percent')).toBeCloseTo(cli.percentOfTarget, 3);
  expect(await value(page, 'dash-claimed-mu')).toBeCloseTo(cli.byStatus.remediated!.areaMu, 3);
  expect(await value(page, 'dash-verified-mu')).toBeCloseTo(cli.byStatus.verified!.areaMu, 3);
  expect(await value(page, 'dash-pace')).toBeCloseTo(cli.pace.muPerMonth, 3);
  expect(await page.getByTestId('dash-projected').textContent()).toBe(cli.pace.projectedTargetDate ?? 'cannot be projected');
  // The figure shown to people, rounded as on screen.
  expect(await page.getByTestId('dash-remediated-mu').textContent()).toBe(`${new Intl.NumberFormat('en', {maximumFractionDigits: 2}).format(cli.remediatedMu)} mu`);
}

/** Plot statuses in the map's own plots source. */
async function mapStatuses(page: Page): Promise<Record<string, number>> {
  await waitForIdle(page);
  return page.evaluate(() => {
    const map = (window as unknown as {qhMap: {getStyle(): {sources: Record<string, {data?: {features: {properties: {status: string}}[]}}>}}}).qhMap;
    const counts: Record<string, number> = {};
    for (const f of map.getStyle().sources.plots!.data!.features) counts[f.properties.status] = (counts[f.properties.status] ?? 0) + 1;
    return counts;
  });
}

async function downloadText(page: Page, button: string): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', {name: button}).click()]);
  return readFileSync((await download.path())!, 'utf8');
}

const browser = sharedBrowser();

describe('planner dashboard (Chromium)', () => {
  it('shows the same figures as `npm run tally`, now and as of an earlier day, on the map too', async () => {
    const w = await openWatched(browser, {acceptDownloads: true, viewport: {width: 1600, height: 1000}});
    const page = w.page;
    await page.goto(`${baseUrl}?lang=en#12/36.96/101.71`);
    await waitForFirstIdle(page);
    await seedPlots(page, plots);
    await page.getByRole('button', {name: 'Dashboard'}).click();
    await expect.poll(() => page.getByTestId('plots-shown').textContent()).toContain(`${plots.length} / ${plots.length}`);

    await setAsOf(page, '2025-12-31');
    const now = cliTally(FIXTURE, '2025-12-31');
    await expectDashboardEquals(page, now);
    expect(await mapStatuses(page)).toEqual(Object.fromEntries(Object.entries(now.byStatus).map(([status, f]) => [status, f.plots])));

    const summary = await downloadText(page, 'Export summary CSV');
    expect(summary.charCodeAt(0)).toBe(0xfeff);
    for (const zone of now.byZone) {
      const row = summary.split('\r\n').find((l) => l.startsWith(`zone,${zone.nameEn},`) || l.startsWith(`zone,"${zone.nameEn}",`));
      expect(Number(row?.split(',').at(-3)), zone.nameEn).toBeCloseTo(zone.areaMu, 3);
    }
    for (const [code, figure] of Object.entries(now.byMeasure).filter(([, f]) => f.plots > 0)) {
      expect(summary, code).toMatch(new RegExp(`measure,[^,]+,${figure.plots},${Math.round(figure.areaMu * 10_000) / 10_000},`));
    }

    await setAsOf(page, '2025-03-31');
    // `--as-of` rolls later completions back exactly as the time slider does (geo/plot.ts plotAsOf).
    const earlier = cliTally(FIXTURE, '2025-03-31');
    await expectDashboardEquals(page, earlier);
    expect(earlier.remediatedMu).toBeLessThan(now.remediatedMu);
    const statuses = await mapStatuses(page);
    expect((statuses.remediated ?? 0) + (statuses.verified ?? 0)).toBe(earlier.byStatus.remediated!.plots + earlier.byStatus.verified!.plots);
    await page.screenshot({path: 'tests/e2e/artifacts/dashboard-en.png'});

    expect(w.errors).toEqual([]);
    expect(w.requests.filter((u) => !/^(data:|blob:)/.test(u) && new URL(u).hostname !== '127.0.0.1')).toEqual([]);
    await w.context.close();
  });

  it('filters the map, the table and the exports alike, and flies to a plot from the table', async () => {
    const w = await openWatched(browser, {acceptDownloads: true, viewport: {width: 1600, height: 1000}});
    const page = w.page;
    await page.goto(`${baseUrl}?lang=en#10/36.96/101.71`);
    await waitForFirstIdle(page);
    await seedPlots(page, plots);
    await page.getByRole('button', {name: 'Dashboard'}).click();
    await page.getByRole('group', {name: 'Status'}).getByLabel('Verified').check();
    const verified = plots.filter((p) => p.properties.status === 'verified');
    await expect.poll(() => page.locator('.plot-table tbody tr').count()).toBe(verified.length);
    expect(await mapStatuses(page)).toEqual({verified: verified.length});
    const table = await downloadText(page, 'Export table CSV');
    expect(table.charCodeAt(0)).toBe(0xfeff);
    expect(table.trim().split('\r\n')).toHaveLength(verified.length + 1);
    const cli = cliTally(FIXTURE, '2025-12-31');
    await setAsOf(page, '2025-12-31');
    expect(await value(page, 'dash-verified-mu')).toBeCloseTo(cli.byStatus.verified!.areaMu, 3);

    // Sort by area, largest first, and fly to the top plot.
    await page.getByRole('button', {name: /^Area/}).click();
    await page.getByRole('button', {name: /^Area/}).click();
    const first = page.locator('.plot-table tbody tr').first();
    const name = (await first.locator('td').first().textContent())!;
    const plot = verified.find((p) => p.properties.name === name)!;
    await first.click();
    await page.waitForFunction(() => !(window as unknown as {qhMap: {isMoving(): boolean}}).qhMap.isMoving());
    await waitForIdle(page);
    const center = await page.evaluate(() => (window as unknown as {qhMap: {getCenter(): {lng: number; lat: number}; getZoom(): number}}).qhMap.getCenter());
    const ring = (plot.geometry as {coordinates: number[][][]}).coordinates[0]!;
    const lon = ring.map((c) => c[0]!);
    const lat = ring.map((c) => c[1]!);
    expect(center.lng).toBeGreaterThan(Math.min(...lon));
    expect(center.lng).toBeLessThan(Math.max(...lon));
    expect(center.lat).toBeGreaterThan(Math.min(...lat));
    expect(center.lat).toBeLessThan(Math.max(...lat));

    await page.getByRole('button', {name: 'Clear filters'}).click();
    await expect.poll(() => page.locator('.plot-table tbody tr').count()).toBe(plots.length);
    expect(w.errors).toEqual([]);
    await w.context.close();
  });
});
