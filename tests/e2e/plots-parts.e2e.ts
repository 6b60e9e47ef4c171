import {describe, expect, inject, it} from 'vitest';
import type {Page} from 'playwright-core';
import {syntheticPlots} from '../../src/geo/test/synthetic-plots';
import {PLOTS_PER_UPDATE} from '../../src/map/plots-feed';
import {openWatched, waitForIdle} from './browser';
import {seedPlots} from './seed-plots';
import {sharedBrowser} from './suite';

/*
 * Issue 11: MapLibre copies each update of the plots source for its worker in one main-thread
 * task, so more plots than PLOTS_PER_UPDATE reach the map in parts, and every one of them is
 * drawn in the end.
 */

const baseUrl = inject('baseUrl');
const browser = sharedBrowser();

type PlotsSource = {
  setData(data: {features: unknown[]}): Promise<void>;
  updateData(diff: {add?: unknown[]}): Promise<void>;
};
type MapHandle = {
  getSource(id: string): PlotsSource | undefined;
  querySourceFeatures(id: string): {id?: string; properties: {id?: string}}[];
};
type PartsWindow = {qhMap: MapHandle; __qhPlotParts?: number[]};

/** The distinct plots in the tiles MapLibre has loaded for a source of plots. */
const drawnPlots = (page: Page, sourceId = 'plots') =>
  page.evaluate((id) => new Set((window as unknown as PartsWindow).qhMap.querySourceFeatures(id).map((f) => f.properties.id ?? f.id)).size, sourceId);

/** From now on, how many features each update hands a source of plots. */
const recordParts = (page: Page, sourceId = 'plots') =>
  page.evaluate((id) => {
    const w = window as unknown as PartsWindow;
    const source = w.qhMap.getSource(id)!;
    const parts: number[] = (w.__qhPlotParts = []);
    const setData = source.setData.bind(source);
    const updateData = source.updateData.bind(source);
    source.setData = (data) => (parts.push(data.features.length), setData(data));
    source.updateData = (diff) => (parts.push(diff.add?.length ?? 0), updateData(diff));
  }, sourceId);

describe('many plots on the map', () => {
  it('reach the map in parts of at most PLOTS_PER_UPDATE, and all are drawn', async () => {
    const plots = syntheticPlots(6000);
    const verified = plots.filter((p) => p.properties.status === 'verified').length;
    const w = await openWatched(browser, {viewport: {width: 1600, height: 1000}});
    const page = w.page;
    // The synthetic grid around Datong, all of it in view, also beside the dashboard.
    await page.goto(`${baseUrl}?lang=en#10/36.9/101.6`);
    await page.waitForFunction(() => performance.getEntriesByName('qh-map-first-idle').length > 0, null, {timeout: 60_000});
    await seedPlots(page, plots);
    await page.waitForFunction(() => performance.getEntriesByName('qh-plots-idle').length > 0, null, {timeout: 120_000});
    await waitForIdle(page);
    expect(await drawnPlots(page)).toBe(plots.length);

    // Narrowed to the verified plots and back: most plots go, then come back.
    await recordParts(page);
    await page.getByRole('button', {name: 'Dashboard'}).click();
    const status = page.getByRole('group', {name: 'Status'}).getByLabel('Verified');
    await status.check();
    await expect.poll(() => drawnPlots(page), {timeout: 60_000}).toBe(verified);
    await status.uncheck();
    await expect.poll(async () => (await waitForIdle(page), drawnPlots(page)), {timeout: 90_000}).toBe(plots.length);
    const parts = await page.evaluate(() => (window as unknown as PartsWindow).__qhPlotParts!);
    // Without parts the plots that came back were one update of 6,000 - verified features.
    expect(plots.length - verified).toBeGreaterThan(PLOTS_PER_UPDATE);
    expect(parts.length).toBeGreaterThan(2);
    expect(Math.max(...parts)).toBeLessThanOrEqual(PLOTS_PER_UPDATE);
    expect(w.errors).toEqual([]);
    await w.context.close();
  });

  it("shows an import's preview in parts too, every plot of it, and clears it when the import is discarded", async () => {
    const plots = syntheticPlots(4000, 7);
    const w = await openWatched(browser, {viewport: {width: 1600, height: 1000}});
    const page = w.page;
    await page.goto(`${baseUrl}?lang=en#10/36.9/101.6`);
    await page.waitForFunction(() => performance.getEntriesByName('qh-map-first-idle').length > 0, null, {timeout: 60_000});
    await recordParts(page, 'import-preview');
    await page.getByRole('tab', {name: 'Plots'}).click();
    const file = JSON.stringify({type: 'FeatureCollection', features: plots});
    await page.getByLabel('Import file').setInputFiles({name: 'survey-4000.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(file)});
    await expect.poll(() => page.locator('[data-figure="importable"]').textContent(), {timeout: 120_000}).toBe(String(plots.length));
    await expect.poll(async () => (await waitForIdle(page), drawnPlots(page, 'import-preview')), {timeout: 90_000}).toBe(plots.length);
    const parts = await page.evaluate(() => (window as unknown as PartsWindow).__qhPlotParts!);
    expect(parts.length).toBeGreaterThan(2);
    expect(Math.max(...parts)).toBeLessThanOrEqual(PLOTS_PER_UPDATE);
    // Nothing stored: the preview is not the plots.
    expect(await drawnPlots(page)).toBe(0);

    await page.getByRole('button', {name: 'Discard'}).click();
    await expect.poll(async () => (await waitForIdle(page), drawnPlots(page, 'import-preview')), {timeout: 60_000}).toBe(0);
    expect(w.errors).toEqual([]);
    await w.context.close();
  });
});
