import {describe, expect, inject, it} from 'vitest';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import type {BrowserContext, Page} from 'playwright-core';
import {tallyPlots} from '../../src/geo/tally';
import {squareMetersToMu} from '../../src/geo/units';
import {syntheticPlots} from '../../src/geo/test/synthetic-plots';
import type {Plot} from '../../src/geo/plot';
import {openWatched, waitForFirstIdle} from './browser';
import {sharedBrowser} from './suite';

/* Issue 11: an import commits in strict batches with progress, and Cancel keeps the store consistent. */

const baseUrl = inject('baseUrl');

const browser = sharedBrowser();

/** A GeoJSON file of `count` synthetic plots (20–80 vertices, some overlapping), written for this run. */
function plotsFile(count: number): {path: string; plots: Plot[]} {
  const plots = syntheticPlots(count, 11);
  const path = join(mkdtempSync(join(tmpdir(), 'qh-batches-')), `synthetic-${count}.geojson`);
  writeFileSync(path, JSON.stringify({type: 'FeatureCollection', features: plots}));
  return {path, plots};
}

/** The remediated total as the tally command works it out (the same tallyPlots, today as of), in mu. */
const cliMu = (plots: readonly Plot[]) => squareMetersToMu(tallyPlots(plots, {asOf: new Date().toLocaleDateString('sv')}).remediatedSquareMeters);

async function openPlots(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${baseUrl}?lang=en#11/36.95/101.68`);
  await waitForFirstIdle(page);
  await page.getByRole('tab', {name: 'Plots'}).click();
  return page;
}

const report = (page: Page) => page.getByRole('region', {name: 'Import report'});
const shownMu = async (page: Page) => Number((await page.getByTestId('remediated-mu').textContent())?.replace(/[^\d.]/g, ''));

/** Plots and history entries (one per plot and change) in the app's own IndexedDB, counted by the page. */
const storedCounts = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<{plots: number; history: number}>((resolve, reject) => {
        const open = indexedDB.open('qh-remediation');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction(['plots', 'history']);
          const plots = tx.objectStore('plots').count();
          const history = tx.objectStore('history').getAll();
          tx.oncomplete = () => {
            // Entries per plot: an import batch's creates are one record naming its plots (DB version 6).
            const entries = (history.result as {plotIds?: string[]}[]).reduce((n, r) => n + (r.plotIds?.length ?? 1), 0);
            resolve({plots: plots.result, history: entries});
            open.result.close();
          };
        };
      }),
  );

/** Records every value the progress bar shows, from before the click on. */
const watchProgress = (page: Page) =>
  page.evaluate(() => {
    const seen: number[] = [];
    (window as unknown as {qhProgressSeen: number[]}).qhProgressSeen = seen;
    new MutationObserver(() => {
      const bar = document.querySelector('.import-progress progress');
      const stored = bar ? Number(bar.getAttribute('data-stored')) : NaN;
      if (bar && seen.at(-1) !== stored) seen.push(stored);
    }).observe(document.body, {subtree: true, childList: true, attributes: true, attributeFilter: ['data-stored']});
  });
const progressSeen = (page: Page) => page.evaluate(() => (window as unknown as {qhProgressSeen: number[]}).qhProgressSeen);

async function stage(page: Page, path: string, count: number) {
  await page.getByLabel('Import file').setInputFiles(path);
  await expect.poll(() => report(page).locator('[data-figure="importable"]').textContent(), {timeout: 60_000}).toBe(String(count));
}

describe('importing thousands of plots (Chromium)', () => {
  it('imports 2,000 plots with progress; the stored count and the total equal the tally command’s', async () => {
    const {path, plots} = plotsFile(2000);
    const w = await openWatched(browser);
    const page = await openPlots(w.context);
    await stage(page, path, 2000);
    await watchProgress(page);
    await page.getByRole('button', {name: 'Import 2000 plots'}).click();
    await expect.poll(() => report(page).count(), {timeout: 60_000}).toBe(0);
    const seen = await progressSeen(page);
    // Shown while it ran: batches of 500 stored one after another.
    expect(seen.some((n) => n > 0 && n < 2000)).toBe(true);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    expect(await storedCounts(page)).toEqual({plots: 2000, history: 2000});
    await expect.poll(() => shownMu(page), {timeout: 30_000}).toBeCloseTo(cliMu(plots), 1);
    // The list of 2,000 draws only the rows in view; scrolled to its end it draws the last
    // plot (file order), and the search finds any plot by name.
    const names = () => page.locator('.plot-list > li .plot-name').allTextContents();
    const scrollListTo = (end: 'top' | 'bottom') => page.locator('.plot-list').evaluate((list, to) => {
      for (let p = list.parentElement; p; p = p.parentElement) if (p.scrollHeight > p.clientHeight + 1) p.scrollTop = to === 'top' ? 0 : p.scrollHeight;
      window.scrollTo(0, to === 'top' ? 0 : document.body.scrollHeight);
    }, end);
    await scrollListTo('top');
    await expect.poll(names, {timeout: 10_000}).toContain('Plot 0');
    expect((await names()).length).toBeLessThan(200);
    await scrollListTo('bottom');
    await expect.poll(names, {timeout: 10_000}).toContain('Plot 1999');
    expect(await names()).not.toContain('Plot 0');
    expect((await names()).length).toBeLessThan(200);
    await page.locator('input.plot-search').fill('Plot 1234');
    await expect.poll(names, {timeout: 10_000}).toEqual(['Plot 1234']);
    expect(w.errors).toEqual([]);
    await w.context.close();
  });

  it('cancels mid-import: whole batches are stored and counted, the rest is not, and the report says how many', async () => {
    const {path, plots} = plotsFile(4000);
    const w = await openWatched(browser);
    const page = await openPlots(w.context);
    await stage(page, path, 4000);
    await page.getByRole('button', {name: 'Import 4000 plots'}).click();
    // Cancel is pressed inside the page the moment the first batch is stored: clicked from here,
    // the round trips and the click's stability checks (the progress block changes every batch)
    // let a fast import finish first, and the button was gone (CI, stop 11).
    await page.waitForFunction(() => {
      const stored = document.querySelector('.import-progress progress')?.getAttribute('data-stored');
      if (!stored || stored === '0') return false;
      const cancel = [...document.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent === 'Cancel import');
      cancel?.click();
      return cancel !== undefined;
    }, null, {timeout: 60_000, polling: 10});
    const note = page.locator('.import-cancelled');
    await expect.poll(() => note.count(), {timeout: 60_000}).toBe(1);
    const stored = Number(await note.getAttribute('data-stored'));
    expect(stored).toBeGreaterThan(0);
    expect(stored).toBeLessThan(4000);
    expect(stored % 500).toBe(0);
    expect(await note.textContent()).toContain(`${stored} of 4000 plots stored`);
    // No half plot: every stored plot has its history entry, and the total counts exactly those.
    expect(await storedCounts(page)).toEqual({plots: stored, history: stored});
    await expect.poll(() => shownMu(page), {timeout: 30_000}).toBeCloseTo(cliMu(plots.slice(0, stored)), 1);
    // The rest can still be imported.
    expect(await page.getByRole('button', {name: `Import ${4000 - stored} plots`}).count()).toBe(1);
    expect(w.errors).toEqual([]);
    await w.context.close();
  });
});
