import {describe, expect, inject, it} from 'vitest';
import {mkdtempSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import type {BrowserContext, Page} from 'playwright-core';
import {openWatched} from './browser';
import {openOnPlotsTab, sharedBrowser} from './suite';

const baseUrl = inject('baseUrl');
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

const browser = sharedBrowser();

const openPlots = (context: BrowserContext) => openOnPlotsTab(context, `${baseUrl}?lang=en#11/36.95/101.68`);

const report = (page: Page) => page.getByRole('region', {name: 'Import report'});
const figure = (page: Page, name: string) => report(page).locator(`[data-figure="${name}"]`).textContent();
const savedRows = (page: Page) => page.locator('.plot-list > li [data-save="saved"]');
/** Imports a fixture through the UI and waits until every importable plot is saved. */
async function importAll(page: Page, name: string): Promise<number> {
  await page.getByLabel('Import file').setInputFiles(fixture(name));
  await expect.poll(() => figure(page, 'importable'), {timeout: 30_000}).toMatch(/^\d+$/);
  const n = Number(await figure(page, 'importable'));
  await page.getByRole('button', {name: /^Import \d+ plots?$/}).click();
  // Four strict-durability writes: allow for a loaded machine (the default poll is 1 s).
  await expect.poll(() => savedRows(page).count(), {timeout: 20_000}).toBe(n);
  return n;
}

const muIn = (text: string | null) => Number(/([\d,.]+)\s*mu/.exec(text ?? '')?.[1]?.replace(/,/g, ''));

describe('planners exchange data (Chromium)', () => {
  it('imports a CGCS2000 Gauss-Krüger shapefile through the UI: report, preview, then the new total', async () => {
    const w = await openWatched(browser);
    const page = await openPlots(w.context);
    await page.getByLabel('Import file').setInputFiles(fixture('datong-plots-epsg4522.shp.zip'));
    await expect.poll(() => figure(page, 'read'), {timeout: 30_000}).toBe('4');
    expect(await report(page).textContent()).toContain('EPSG:4522');
    const importable = Number(await figure(page, 'importable'));
    expect(importable).toBeGreaterThan(0);
    // Nothing is saved before the user confirms.
    expect(await savedRows(page).count()).toBe(0);
    expect(muIn(await page.getByRole('group', {name: 'Progress'}).textContent())).toBe(0);

    await page.getByRole('button', {name: new RegExp(`^Import ${importable} plots?$`)}).click();
    await expect.poll(() => savedRows(page).count()).toBe(importable);
    await expect.poll(async () => muIn(await page.getByRole('group', {name: 'Progress'}).textContent())).toBeGreaterThan(0);
    expect(w.errors).toEqual([]);
    await w.context.close();
  });

  it('asks for the coordinate system when a projected shapefile has no .prj', async () => {
    const w = await openWatched(browser);
    const page = await openPlots(w.context);
    await page.getByLabel('Import file').setInputFiles(fixture('datong-plots-no-prj.zip'));
    await page.getByLabel('Choose the coordinate system').selectOption('EPSG:4522');
    await page.getByRole('button', {name: 'Continue'}).click();
    await expect.poll(() => figure(page, 'read'), {timeout: 30_000}).toBe('4');
    await w.context.close();
  });

  it('refuses a zip bomb with a clear message and leaves the saved plots untouched', async () => {
    const w = await openWatched(browser);
    const page = await openPlots(w.context);
    await importAll(page, 'datong-plots.geojson');
    const before = await page.locator('.plot-list').textContent();

    await page.getByLabel('Import file').setInputFiles(fixture('hostile-zip-bomb.zip'));
    const alert = page.getByRole('alert').filter({hasText: 'cannot be read'});
    await expect.poll(() => alert.textContent(), {timeout: 30_000}).toMatch(/hostile-zip-bomb\.zip.*refused before inflating/);
    expect(await page.locator('.plot-list').textContent()).toBe(before);
    await w.context.close();
  });

  it('exports GeoJSON and an Excel-ready CSV of the plots shown', async () => {
    const w = await openWatched(browser);
    const page = await openPlots(w.context);
    const n = await importAll(page, 'datong-plots.geojson');

    const geojson = page.waitForEvent('download');
    await page.getByRole('button', {name: 'Export GeoJSON'}).click();
    const doc = JSON.parse(readFileSync(await (await geojson).path(), 'utf8')) as {features: unknown[]};
    expect(doc.features).toHaveLength(n);

    const csv = page.waitForEvent('download');
    await page.getByRole('button', {name: 'Export CSV (Excel)'}).click();
    const bytes = readFileSync(await (await csv).path());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8').trim().split('\n')).toHaveLength(n + 1);
    await w.context.close();
  });

  it('restores a full backup into a fresh device exactly', async () => {
    const source = await browser.newContext();
    const page = await openPlots(source);
    await importAll(page, 'datong-plots.geojson');
    const listBefore = await page.locator('.plot-list .plot-name').allTextContents();
    const download = page.waitForEvent('download');
    await page.getByRole('button', {name: 'Full backup (plots, history, photos)'}).click();
    const backupPath = join(mkdtempSync(join(tmpdir(), 'qh-backup-')), 'backup.json');
    await (await download).saveAs(backupPath);
    await source.close();

    const target = await browser.newContext();
    const fresh = await openPlots(target);
    await fresh.getByLabel('Restore from backup').setInputFiles(backupPath);
    await expect.poll(() => fresh.getByRole('status').filter({hasText: 'Restored from backup'}).count()).toBe(1);
    await expect.poll(async () => (await fresh.locator('.plot-list .plot-name').allTextContents()).sort()).toEqual([...listBefore].sort());
    // Restoring the same backup again would overwrite: refused, nothing changed.
    await fresh.getByLabel('Restore from backup').setInputFiles(backupPath);
    await expect.poll(() => fresh.getByRole('alert').filter({hasText: 'Restore failed'}).count()).toBe(1);
    await target.close();
  });
});
