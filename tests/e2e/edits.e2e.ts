import {describe, expect, inject, it} from 'vitest';
import {readFileSync, writeFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import type {BrowserContext, Page} from 'playwright-core';
import {openWatched, waitForFirstIdle} from './browser';
import {openOnPlotsTab, sharedBrowser} from './suite';
import {drawPolygon, squareRing} from './field-helpers';
import {drawAndSave, form, headerMu, muIn, openEdit, poll, ringMu, row, saveOf} from './plots-tab';

/*
 * Issue 9: no edit is overwritten without the user's choice, and the figures show only what
 * storage holds. Two tabs are two pages of one browser context (one IndexedDB, one service
 * worker); a new deployment is a changed sw.js on the server; cleared site data is Chromium's
 * own Storage.clearDataForOrigin.
 */

const baseUrl = inject('baseUrl');
const DATONG_VIEW = '?lang=en#17/36.9505/101.6805';
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
const SW_FILE = fileURLToPath(new URL('../../dist/sw.js', import.meta.url));

const browser = sharedBrowser();

const openApp = (context: BrowserContext, hash = DATONG_VIEW) => openOnPlotsTab(context, baseUrl + hash);

const conflict = (page: Page) => page.getByRole('dialog', {name: 'Edit conflict'});

describe('edits are never overwritten without the user’s choice (Chromium)', () => {
  it('two tabs: a stale form save is a conflict shown side by side, and the merge keeps both edits', async () => {
    const w = await openWatched(browser);
    const a = w.page;
    await a.goto(baseUrl + DATONG_VIEW);
    await waitForFirstIdle(a);
    await a.getByRole('tab', {name: 'Plots'}).click();
    const b = await openApp(w.context);
    const ring = squareRing(101.6795, 36.9505, 0.0008);
    await drawAndSave(a, ring, 'Two-tab plot');
    await poll(() => saveOf(b, 'Two-tab plot')).toBe('saved');

    // Tab B opens the form first; then tab A marks the plot remediated with its date.
    await openEdit(b, 'Two-tab plot');
    await openEdit(a, 'Two-tab plot');
    await form(a).getByLabel('Status').selectOption('remediated');
    await form(a).getByLabel('Completed').fill('2025-06-30');
    await form(a).getByRole('button', {name: 'Save'}).click();
    await poll(() => headerMu(a)).toBeCloseTo(ringMu(ring), 1);
    await poll(() => headerMu(b)).toBeCloseTo(ringMu(ring), 1);

    // B, still on the old version, changes only the notes and saves.
    await form(b).getByLabel('Notes').fill('fence repaired');
    await form(b).getByRole('button', {name: 'Save'}).click();
    const dialog = conflict(b);
    await poll(() => dialog.count()).toBe(1);
    expect(await dialog.locator('tr[data-field="status"] [data-side="mine"]').textContent()).toContain('Planned');
    expect(await dialog.locator('tr[data-field="status"] [data-side="theirs"]').textContent()).toContain('2025-06-30');
    expect(await dialog.locator('tr[data-field="notes"] [data-side="mine"]').textContent()).toContain('fence repaired');
    expect(muIn(await dialog.locator('tr[data-field="area"] [data-side="mine"]').textContent())).toBeCloseTo(ringMu(ring), 1);
    // Nothing written yet: A's version stands, in both tabs and in the total.
    expect(await row(a, 'Two-tab plot').textContent()).not.toContain('fence repaired');
    expect(await headerMu(b)).toBeCloseTo(ringMu(ring), 1);

    // The suggested merge: their status and date, my notes.
    expect(await dialog.getByLabel('Status: Theirs (saved)').isChecked()).toBe(true);
    expect(await dialog.getByLabel('Notes: Mine').isChecked()).toBe(true);
    await dialog.getByRole('button', {name: 'Save the merge as chosen'}).click();
    await poll(() => dialog.count()).toBe(0);

    await a.reload();
    await waitForFirstIdle(a);
    await a.getByRole('tab', {name: 'Plots'}).click();
    await row(a, 'Two-tab plot').locator('.plot-row').click();
    const text = await row(a, 'Two-tab plot').textContent();
    expect(text).toContain('fence repaired');
    expect(text).toContain('2025-06-30');
    expect(await headerMu(a)).toBeCloseTo(ringMu(ring), 1);
    expect(w.errors).toEqual([]);
    await w.context.close();
  });

  it('re-import: matches are listed with what differs and skipped by default; update is undoable; as-new adds plots', async () => {
    const w = await openWatched(browser);
    const page = await openApp(w.context, '?lang=en#11/36.95/101.68');
    const report = page.getByRole('region', {name: 'Import report'});
    const figure = (name: string) => report.locator(`[data-figure="${name}"]`).textContent();
    const rows = page.locator('.plot-list > li');
    // The file input is disabled while an import is being written: choose the next file only
    // once the last one is done, as a user can.
    const nextFile = async (name: string) => {
      await poll(() => page.getByLabel('Import file').isEnabled()).toBe(true);
      await page.getByLabel('Import file').setInputFiles(fixture(name));
    };

    await page.getByLabel('Import file').setInputFiles(fixture('datong-plots.geojson'));
    await expect.poll(() => figure('importable'), {timeout: 30_000}).toBe('4');
    await page.getByRole('button', {name: 'Import 4 plots'}).click();
    await poll(() => page.locator('.plot-list [data-save="saved"]').count()).toBe(4);
    const totalBefore = await headerMu(page);

    await nextFile('datong-plots-resurvey.geojson');
    await expect.poll(() => figure('matches'), {timeout: 30_000}).toBe('3');
    const matches = page.getByRole('group', {name: 'Plots already on this device (same id)'});
    expect(await matches.locator('[data-match-id="dt-001"]').textContent()).toContain('identical');
    const dt2 = await matches.locator('[data-match-id="dt-002"]').textContent();
    expect(dt2).toMatch(/differs in shape, notes/);
    const [before, after] = [...dt2!.matchAll(/([\d,.]+) mu/g)].map((m) => Number(m[1]!.replace(/,/g, '')));
    expect(after).toBeGreaterThan(before!);
    expect(await matches.locator('[data-match-id="dt-003"]').textContent()).toContain('status and completion date');
    expect(await matches.getByLabel('Skip them (keep the versions on this device)').isChecked()).toBe(true);

    // Default: only the new plot is imported; the existing ones are untouched.
    await page.getByRole('button', {name: 'Import 1 plot'}).click();
    await poll(() => rows.count()).toBe(5);
    expect(await headerMu(page)).toBeCloseTo(totalBefore, 6);
    // dt-002 keeps its pond (the file's version has none).
    expect(muIn(await row(page, '煤矿塌陷坑二号').locator('.plot-area').textContent())).toBe(before);

    // Update them: dt-003 becomes remediated, the total grows, one history entry each.
    await nextFile('datong-plots-resurvey.geojson');
    await expect.poll(() => figure('matches'), {timeout: 30_000}).toBe('4');
    await matches.getByLabel('Update the existing plots (one history entry each, undoable)').check();
    await page.getByRole('button', {name: 'Import 4 plots'}).click();
    await poll(() => headerMu(page)).toBeGreaterThan(totalBefore + 1);
    expect(await rows.count()).toBe(5);
    const fence = row(page, '宝库河围栏封育');
    await fence.locator('.plot-row').click();
    await poll(() => fence.locator('details.history summary').textContent()).toContain('(2)');
    // Undo the update of dt-003: back to in progress, the total back to before plus dt-002's pond.
    await page.getByRole('button', {name: 'Undo'}).click();
    await poll(() => fence.locator('.plot-meta').textContent()).toContain('In progress');

    // Import them as new plots: four more plots with new ids, nothing changed in the others.
    await nextFile('datong-plots-resurvey.geojson');
    await expect.poll(() => figure('matches'), {timeout: 30_000}).toBe('4');
    await matches.getByLabel('Import them as new plots (new ids)').check();
    await page.getByRole('button', {name: 'Import 4 plots'}).click();
    await poll(() => rows.count()).toBe(9);
    expect(await fence.count()).toBe(2);
    expect(w.errors).toEqual([]);
    await w.context.close();
  });

  it('a new version waits: no reload while a form is open, in this tab or another', async () => {
    const original = readFileSync(SW_FILE);
    const w = await openWatched(browser);
    try {
      const page = w.page;
      await page.goto(baseUrl + DATONG_VIEW);
      await waitForFirstIdle(page);
      await expect.poll(() => page.locator('[data-offline-ready]').count(), {timeout: 30_000}).toBe(1);
      // A returning user: the page is controlled by the installed worker.
      await page.reload();
      await waitForFirstIdle(page);
      await poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
      await page.getByRole('tab', {name: 'Plots'}).click();
      const other = await openApp(w.context);

      // An open form in each tab.
      await page.getByRole('button', {name: 'New plot'}).click();
      await drawPolygon(page, squareRing(101.6800, 36.9500, 0.0006));
      await form(page).getByLabel('Name').fill('Drafted during the update');
      await other.getByRole('button', {name: 'New plot'}).click();
      await drawPolygon(other, squareRing(101.6812, 36.9508, 0.0005));
      await form(other).getByLabel('Name').fill('Other tab draft');
      await page.evaluate(() => ((window as unknown as {marker: number}).marker = 1));
      await other.evaluate(() => ((window as unknown as {marker: number}).marker = 2));

      // A new build is deployed: the server's sw.js changes.
      writeFileSync(SW_FILE, Buffer.concat([original, Buffer.from(`\n// redeployed ${Date.now()}\n`)]));
      await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.update()));
      const banner = page.locator('[data-update-ready]');
      await expect.poll(() => banner.count(), {timeout: 30_000}).toBe(1);
      expect(await banner.textContent()).toContain('A new version is ready');
      expect(await banner.getByRole('button', {name: 'Reload'}).isDisabled()).toBe(true);
      expect(await banner.textContent()).toContain('Save or cancel the open edit first');
      expect(await form(page).getByLabel('Name').inputValue()).toBe('Drafted during the update');

      // Save the draft; then the reload is allowed and activates the new worker.
      await form(page).getByLabel('Team').fill('Datong team 1');
      await form(page).getByRole('button', {name: 'Save'}).click();
      await poll(() => saveOf(page, 'Drafted during the update')).toBe('saved');
      const reloaded = page.waitForEvent('load');
      await banner.getByRole('button', {name: 'Reload'}).click();
      await reloaded;
      await waitForFirstIdle(page);
      expect(await page.evaluate(() => (window as unknown as {marker?: number}).marker)).toBeUndefined();
      expect(await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.waiting ?? null))).toBeNull();

      // The other tab was not reloaded under its open form: it is offered the reload instead.
      await expect.poll(() => other.locator('[data-update-ready]').count(), {timeout: 30_000}).toBe(1);
      expect(await other.evaluate(() => (window as unknown as {marker?: number}).marker)).toBe(2);
      expect(await form(other).getByLabel('Name').inputValue()).toBe('Other tab draft');
      expect(w.errors).toEqual([]);
    } finally {
      writeFileSync(SW_FILE, original);
      await w.context.close();
    }
  });

  it('figures show only what is stored: a failed write is “+1 not saved”, not part of the total', async () => {
    const w = await openWatched(browser);
    await w.context.addInitScript(() => {
      const put = IDBObjectStore.prototype.put;
      IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
        if ((window as unknown as {__diskFull?: boolean}).__diskFull) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        return put.apply(this, args);
      };
    });
    const page = await openApp(w.context);
    const stored = squareRing(101.6795, 36.9505, 0.0008);
    await drawAndSave(page, stored, 'Stored plot');
    await openEdit(page, 'Stored plot');
    await form(page).getByLabel('Status').selectOption('remediated');
    await form(page).getByLabel('Completed').fill('2025-06-30');
    await form(page).getByRole('button', {name: 'Save'}).click();
    await poll(() => headerMu(page)).toBeCloseTo(ringMu(stored), 1);

    await page.evaluate(() => ((window as unknown as {__diskFull: boolean}).__diskFull = true));
    await page.getByRole('button', {name: 'New plot'}).click();
    await drawPolygon(page, squareRing(101.6812, 36.9508, 0.0008));
    await form(page).getByLabel('Name').fill('Unstored plot');
    await form(page).getByLabel('Team').fill('Datong team 1');
    await form(page).getByLabel('Status').selectOption('remediated');
    await form(page).getByLabel('Completed').fill('2025-07-01');
    await form(page).getByRole('button', {name: 'Save'}).click();
    await poll(() => saveOf(page, 'Unstored plot')).toBe('not-saved');
    expect(await page.getByTestId('not-saved-count').textContent()).toBe('+1 not saved');
    expect(await headerMu(page)).toBeCloseTo(ringMu(stored), 1);

    await page.evaluate(() => ((window as unknown as {__diskFull: boolean}).__diskFull = false));
    await page.getByRole('button', {name: 'Retry saving'}).click();
    await poll(() => saveOf(page, 'Unstored plot')).toBe('saved');
    expect(await page.getByTestId('not-saved-count').count()).toBe(0);
    expect(await headerMu(page)).toBeGreaterThan(ringMu(stored) * 1.5);
    await w.context.close();
  });
});
