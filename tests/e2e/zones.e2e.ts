import {describe, expect, inject, it} from 'vitest';
import {existsSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import type {Page} from 'playwright-core';
import type {Plot} from '../../src/geo/plot';
import {runTally} from '../../src/cli/tally-command';
import {openWatched, waitForFirstIdle, waitForIdle} from './browser';
import {seedPlots} from './seed-plots';
import {sharedBrowser} from './suite';

const baseUrl = inject('baseUrl');
const FIXTURE = 'tests/fixtures/datong-programme-plots.geojson';
const ZONES_KML = 'tests/fixtures/official-zones-test.kml';
const fixturePlots = (JSON.parse(readFileSync(FIXTURE, 'utf8')) as {features: Plot[]}).features;

// Zone attributes as survey teams write them: free text, empty, or a zone's name, never the code.
const FREE_TEXT = ['桥头北片', '', 'Qiaotou west', '良教乡', ''];
const plots = fixturePlots.map((p, i) => ({...p, properties: {...p.properties, zone: FREE_TEXT[i % FREE_TEXT.length]!}}));

type Row = {id: string; areaMu: number};
type CliOut = {remediatedMu: number; byZone: Row[]; zonesSource: string; undatedLeftOut?: {plots: number}};

/** The command line's figures for the same plots, in process (src/cli/tally-command.ts). */
async function cli(...argv: string[]): Promise<CliOut> {
  const dir = mkdtempSync(join(tmpdir(), 'zones-e2e-'));
  const file = join(dir, 'plots.geojson');
  writeFileSync(file, JSON.stringify({type: 'FeatureCollection', features: plots}));
  const run = await runTally(['--json', ...argv, file], {
    readFile: (path) => readFileSync(path), exists: existsSync, defaultZonesPath: 'geodata/datong.geojson', today: '2026-01-15',
  });
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as CliOut;
}

/** The rows of a breakdown table: key → mu, and the sum row. */
async function rows(page: Page, testId: string): Promise<{keys: string[]; mu: Record<string, number>; sum: number; labels: string[]}> {
  const table = page.getByTestId(testId);
  await table.waitFor();
  const data = await table.locator('tr[data-key]').evaluateAll((trs) => trs.map((tr) => ({
    key: tr.getAttribute('data-key')!, value: Number(tr.getAttribute('data-value')), label: tr.querySelector('th')?.textContent ?? '',
  })));
  const body = data.filter((d) => d.key !== 'sum');
  return {keys: body.map((d) => d.key), mu: Object.fromEntries(body.map((d) => [d.key, d.value])), sum: data.find((d) => d.key === 'sum')!.value, labels: body.map((d) => d.label)};
}

const headline = async (page: Page) => Number(await page.getByTestId('dash-remediated-mu').getAttribute('data-value'));

/** The subsidence-zone ids in the map's own Datong source. */
async function mapZoneIds(page: Page): Promise<string[]> {
  await waitForIdle(page);
  return page.evaluate(() => {
    const map = (window as unknown as {qhMap: {getStyle(): {sources: Record<string, {data?: {features: {properties: {kind: string; id: string}}[]}}>}}}).qhMap;
    return map.getStyle().sources.datong!.data!.features.filter((f) => f.properties.kind === 'subsidence-zone').map((f) => f.properties.id);
  });
}

async function openDashboard(page: Page) {
  const toggle = page.getByRole('button', {name: 'Dashboard'});
  if ((await toggle.getAttribute('aria-pressed')) !== 'true') await toggle.click();
  await page.getByTestId('zone-rows').waitFor();
}

const browser = sharedBrowser();

describe('zones and undated claims (Chromium)', () => {
  it('adds the by-zone rows up to the headline for plots whose zone attribute is free text or empty, and flags them', async () => {
    const w = await openWatched(browser, {viewport: {width: 1600, height: 1000}});
    const page = w.page;
    await page.goto(`${baseUrl}?lang=en#11/36.96/101.71`);
    await waitForFirstIdle(page);
    await seedPlots(page, plots);
    await openDashboard(page);

    const zones = await rows(page, 'zone-rows');
    const total = await headline(page);
    expect(total).toBeGreaterThan(0);
    expect(zones.keys.at(-1)).toBe('outside');
    expect(zones.labels.at(-1)).toBe('Outside every zone');
    expect(Math.abs(zones.sum - total)).toBeLessThanOrEqual(1e-9 * total);
    // Not just the outside row: the land inside the indicative zones is found from geometry.
    expect(zones.sum - zones.mu.outside!).toBeGreaterThan(0.5 * total);
    expect(await page.getByTestId('zone-rows').locator('caption').textContent()).toBe('By zone (indicative outlines, not official boundaries)');
    const now = await cli();
    expect(now.zonesSource).toBe('indicative');
    for (const r of now.byZone) expect(zones.mu[r.id], r.id).toBeCloseTo(r.areaMu, 6);

    // Every free-text or empty attribute is kept as it is, and flagged against the location.
    const agreements = await page.locator('.plot-table td[data-agreement]').evaluateAll((tds) => tds.map((td) => td.getAttribute('data-agreement')));
    expect(agreements).toHaveLength(plots.length);
    expect(new Set(agreements)).toEqual(new Set(['unrecognised', 'absent']));
    expect(await page.locator('.plot-table tbody tr').first().locator('td').nth(1).textContent()).not.toBe('');
    expect(w.errors).toEqual([]);
    await w.context.close();
  });

  it('loads official zones through the import report: they replace the map layer, legend and by-zone rows, survive a reload, and can be reverted', async () => {
    const w = await openWatched(browser, {viewport: {width: 1600, height: 1000}});
    const page = w.page;
    await page.goto(`${baseUrl}?lang=en#11/36.96/101.71`);
    await waitForFirstIdle(page);
    await seedPlots(page, plots);
    const indicativeIds = await mapZoneIds(page);
    expect(indicativeIds).toContain('datong-subsidence-qiaotou-north');

    await page.getByRole('tab', {name: 'Plots'}).click();
    await expect.poll(() => page.getByTestId('zones-source').getAttribute('data-kind')).toBe('indicative');
    await page.getByLabel('Load official zone boundaries').setInputFiles(ZONES_KML);
    const report = page.getByRole('region', {name: 'Zone file report'});
    await expect.poll(() => report.locator('[data-figure="zones"]').textContent()).toBe('2');
    expect(await report.locator('.zone-names li').allTextContents()).toEqual(['Test official zone A (TEST-A)', 'Test official zone B (TEST-B)']);
    await page.getByRole('button', {name: 'Use these 2 official zones'}).click();
    await expect.poll(() => page.getByTestId('zones-outcome').textContent()).toBe('Official boundaries saved on this device and in use');
    expect(await page.getByTestId('zones-source').textContent()).toMatch(/^Now using official boundaries: official-zones-test\.kml \(loaded \d{4}-\d{2}-\d{2}, 2 zones\)/);

    const expectOfficial = async () => {
      expect(await mapZoneIds(page)).toEqual(['TEST-A', 'TEST-B']);
      await openDashboard(page);
      const zones = await rows(page, 'zone-rows');
      expect(zones.keys).toEqual(['TEST-A', 'TEST-B', 'outside']);
      expect(Math.abs(zones.sum - (await headline(page)))).toBeLessThanOrEqual(1e-9 * zones.sum);
      const official = await cli('--zones', ZONES_KML);
      for (const r of official.byZone) expect(zones.mu[r.id], r.id).toBeCloseTo(r.areaMu, 6);
      expect(await page.getByTestId('zone-rows').locator('caption').textContent()).toMatch(/^By zone \(official boundaries: official-zones-test\.kml, /);
      await page.getByRole('tab', {name: 'Layers'}).click();
      expect(await page.locator('.layer-row[data-layer="datong"] .legend').textContent()).toMatch(/Subsidence zone \(official boundary: official-zones-test\.kml/);
    };
    await expectOfficial();
    await page.reload();
    await waitForFirstIdle(page);
    await expect.poll(() => mapZoneIds(page)).toEqual(['TEST-A', 'TEST-B']);
    await expectOfficial();

    await page.getByRole('tab', {name: 'Plots'}).click();
    await page.getByRole('button', {name: 'Revert to the indicative outlines'}).click();
    await expect.poll(() => page.getByTestId('zones-source').getAttribute('data-kind')).toBe('indicative');
    expect(await mapZoneIds(page)).toEqual(indicativeIds);
    await page.reload();
    await waitForFirstIdle(page);
    expect(await mapZoneIds(page)).toEqual(indicativeIds);
    await openDashboard(page);
    expect((await rows(page, 'zone-rows')).keys).toContain('datong-subsidence-qiaotou-north');
    expect(w.errors).toEqual([]);
    expect(w.requests.filter((u) => !/^(data:|blob:)/.test(u) && new URL(u).hostname !== '127.0.0.1')).toEqual([]);
    await w.context.close();
  });

  it('shows an undated remediated plot in the “no completion date” bucket, leaves it out of an as-of total, and warns in the form', async () => {
    const w = await openWatched(browser, {viewport: {width: 1600, height: 1000}});
    const page = w.page;
    await page.goto(`${baseUrl}?lang=en#11/36.96/101.71`);
    await waitForFirstIdle(page);
    await seedPlots(page, plots);
    await openDashboard(page);
    const undated = plots.filter((p) => ['remediated', 'verified'].includes(p.properties.status) && !p.properties.completed);
    expect(undated).toHaveLength(1);

    const months = await rows(page, 'month-rows');
    expect(months.keys.at(-1)).toBe('unknown');
    expect(months.labels.at(-1)).toBe('No completion date');
    const total = await headline(page);
    expect(Math.abs(months.sum - total)).toBeLessThanOrEqual(1e-9 * total);
    expect(months.mu.unknown).toBeGreaterThan(0);
    expect(await page.getByTestId('dash-undated').getAttribute('data-plots')).toBe('1');

    await page.getByLabel('As of', {exact: true}).fill('2026-01-15');
    await expect.poll(() => page.getByTestId('as-of').textContent()).toBe('2026-01-15');
    const left = page.getByTestId('dash-undated-left-out');
    await expect.poll(() => left.getAttribute('data-plots')).toBe('1');
    expect(await left.textContent()).toMatch(/^The total as of 2026-01-15 counts only plots completed by then; 1 remediated plot\(s\) with no completion date/);
    const asOf = await cli('--as-of', '2026-01-15');
    expect(asOf.undatedLeftOut?.plots).toBe(1);
    // The JSON rounds remediatedMu to 4 decimals.
    expect(await headline(page)).toBeCloseTo(asOf.remediatedMu, 3);
    expect(await headline(page)).toBeCloseTo(total - months.mu.unknown!, 6);
    expect((await rows(page, 'month-rows')).keys).not.toContain('unknown');

    // The plot form says what a missing date does.
    await page.getByRole('button', {name: 'Clear filters'}).click();
    await page.getByRole('tab', {name: 'Plots'}).click();
    await page.locator(`li[data-plot-id="${undated[0]!.properties.id}"] .plot-row`).click();
    await page.getByRole('button', {name: 'Edit details'}).click();
    await expect.poll(() => page.getByTestId('undated-warning').textContent()).toMatch(/no completion date: it counts in the total/);
    expect(w.errors).toEqual([]);
    await w.context.close();
  });
});
