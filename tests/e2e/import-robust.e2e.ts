import {describe, expect, inject, it} from 'vitest';
import {fileURLToPath} from 'node:url';
import type {BrowserContext, Page} from 'playwright-core';
import {openWatched} from './browser';
import {openOnPlotsTab, sharedBrowser} from './suite';

/* Issue 9 items 3, 6 and 9 through the UI, with files from the malformed corpus (tests/fixtures/malformed/). */

const baseUrl = inject('baseUrl');
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/malformed/${name}`, import.meta.url));

const browser = sharedBrowser();

const openPlots = (context: BrowserContext) => openOnPlotsTab(context, `${baseUrl}?lang=en#11/36.95/101.68`);

const report = (page: Page) => page.getByRole('region', {name: 'Import report'});
const figure = (page: Page, name: string) => report(page).locator(`[data-figure="${name}"]`).textContent();

describe('one bad feature never sinks a file (Chromium)', () => {
  it('imports the good features of a file with one vertex at longitude 181 and lists the bad one with its reason', async () => {
    const w = await openWatched(browser);
    const page = await openPlots(w.context);
    await page.getByLabel('Import file').setInputFiles(fixture('geojson/one-lon-181.geojson'));
    await expect.poll(() => figure(page, 'read'), {timeout: 30_000}).toBe('4');
    expect(await figure(page, 'importable')).toBe('3');
    expect(await figure(page, 'rejected')).toBe('1');
    // No "choose a coordinate system" question: the file is read as degrees.
    expect(await page.getByLabel('Choose the coordinate system').count()).toBe(0);
    const rejected = await report(page).getByRole('list', {name: 'Rejected'}).textContent();
    expect(rejected).toContain('feature 4');
    expect(rejected).toContain('[181, 36.95] is outside longitude ±180°');
    await page.getByRole('button', {name: 'Import 3 plots'}).click();
    await expect.poll(() => page.locator('.plot-list > li [data-save="saved"]').count()).toBe(3);
    expect(w.errors).toEqual([]);
    await w.context.close();
  });

  it('holds back a feature whose id repeats an earlier one, and imports it under a new id only with consent', async () => {
    const w = await openWatched(browser);
    const page = await openPlots(w.context);
    await page.getByLabel('Import file').setInputFiles(fixture('geojson/duplicate-ids.geojson'));
    await expect.poll(() => figure(page, 'read'), {timeout: 30_000}).toBe('3');
    expect(await figure(page, 'importable')).toBe('2');
    expect(await figure(page, 'repairable')).toBe('1');
    const held = report(page).getByRole('list', {name: 'Repairable (with your consent)'});
    expect(await held.textContent()).toContain('duplicate id "dup", also at feature 1');
    // Without consent only the two distinct ids are offered; nothing is dropped unasked.
    await expect.poll(() => page.getByRole('button', {name: 'Import 2 plots'}).count()).toBe(1);
    await held.getByRole('checkbox').check();
    await page.getByRole('button', {name: 'Import 3 plots'}).click();
    const rows = page.locator('.plot-list > li');
    await expect.poll(() => rows.locator('[data-save="saved"]').count(), {timeout: 20_000}).toBe(3);
    // Both features named “地块 dup” are stored, as two plots.
    expect(await rows.filter({hasText: '地块 dup'}).count()).toBe(2);
    expect(w.errors).toEqual([]);
    await w.context.close();
  });

  it('says when every coordinate looks like swapped lon/lat and reads the file again swapped on request', async () => {
    const w = await openWatched(browser);
    const page = await openPlots(w.context);
    await page.getByLabel('Import file').setInputFiles(fixture('kml/all-swapped.kml'));
    await expect.poll(() => figure(page, 'read'), {timeout: 30_000}).toBe('3');
    expect(await figure(page, 'importable')).toBe('0');
    const offer = page.getByRole('alert').filter({hasText: 'looks like [latitude, longitude]'});
    await expect.poll(() => offer.count()).toBe(1);
    await offer.getByRole('button', {name: 'Swap longitude and latitude and read again'}).click();
    await expect.poll(() => figure(page, 'importable'), {timeout: 30_000}).toBe('3');
    expect(await figure(page, 'rejected')).toBe('0');
    expect(await report(page).textContent()).toContain('longitude and latitude were swapped in every position');
    expect(w.errors).toEqual([]);
    await w.context.close();
  });

  it('asks for the encoding of a Latin-1 CSV, showing the names under each candidate, and reads it as chosen', async () => {
    const w = await openWatched(browser);
    const page = await openPlots(w.context);
    await page.getByLabel('Import file').setInputFiles(fixture('csv/latin1-names.csv'));
    const previews = page.getByRole('list', {name: 'Names under each encoding'});
    await expect.poll(() => previews.count(), {timeout: 30_000}).toBe(1);
    const text = await previews.textContent();
    // windows-1252 shows the names as written; GB18030 shows what it would have saved (Z閍ng).
    expect(text).toMatch(/windows-1252: .*Zéang/);
    expect(text).toMatch(/gb18030: .*Z閍ng/);
    expect(text).not.toMatch(/gb18030: [^⏎]*Zéang/);
    // The most plausible reading is offered first.
    expect(await page.getByLabel('Choose the text encoding').inputValue()).toBe('windows-1252');
    await page.getByRole('button', {name: 'Continue'}).click();
    await expect.poll(() => figure(page, 'importable'), {timeout: 30_000}).toBe('2');
    expect(await report(page).textContent()).toContain('windows-1252');
    expect(w.errors).toEqual([]);
    await w.context.close();
  });
});
