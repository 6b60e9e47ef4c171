import type {Browser, BrowserContext, Page} from 'playwright-core';
import {launch, waitForFirstIdle} from '../e2e/browser';
import {startAppServer} from '../e2e/preview-server';
import {addTeamUser} from '../e2e/team-users';
import {fmt, median} from './stats';

/*
 * Team sync as a phone and a planner see it (issue 14's closing figures; printed, nothing
 * asserted): the production build served by the team server on 127.0.0.1, two Chromium
 * contexts. The bench build has no test hook, so plots come from the import (a file of
 * polygons), not from drawing. Figures:
 * - a phone's "Sync now" (on coming back online) to the plot in the planner's plot list, which
 *   the same store update as the map's plot layer fills (median of BENCH_SYNC_RUNS, 5);
 * - 200 ops queued offline: "Sync now" to pending 0 (pushed, pulled, settled), and the requests;
 * - one notes edit: the bytes of its push request body.
 */
const PORT = Number(process.env.BENCH_SYNC_PORT ?? Number(process.env.E2E_PORT ?? 4179) + 220);
const PASSWORD = 'bench-password-sync';
const TEAM = 'Datong team 1';
const VIEW = '?lang=en#15/36.9505/101.6805';

async function until(what: string, timeoutMs: number, check: () => Promise<boolean>, intervalMs = 25): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`team-sync bench: ${what} did not happen within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

const ring = (lon: number, lat: number) => [[lon, lat], [lon + 0.0004, lat], [lon + 0.0004, lat + 0.0004], [lon, lat + 0.0004], [lon, lat]];
function plotsFile(prefix: string, n: number, lon0: number, lat0 = 36.9502): Buffer {
  const features = Array.from({length: n}, (_, i) => ({type: 'Feature', geometry: {type: 'Polygon', coordinates: [ring(lon0 + (i % 20) * 0.0006, lat0 + Math.floor(i / 20) * 0.0006)]},
    properties: {name: n === 1 ? prefix : `${prefix} ${i}`, team: TEAM, status: 'remediated', completed: '2025-06-01', measure: 'cover-regreen'}}));
  return Buffer.from(JSON.stringify({type: 'FeatureCollection', features}));
}

const pending = async (page: Page) => Number(await page.locator('[data-team-pending]').getAttribute('data-team-pending'));
const rowCount = (page: Page, name: string) => page.locator('.plot-list > li').filter({hasText: name}).count();

async function signIn(browser: Browser, url: string, user: string): Promise<{context: BrowserContext; page: Page}> {
  const context = await browser.newContext({viewport: {width: 1280, height: 800}, serviceWorkers: 'block'});
  const page = await context.newPage();
  await page.goto(url + VIEW);
  await waitForFirstIdle(page);
  await page.getByRole('tab', {name: 'Plots'}).click();
  const form = page.getByRole('form', {name: 'Team sign-in'});
  await form.getByLabel('Team account').fill(user);
  await form.getByLabel('Team passphrase').fill(PASSWORD);
  await form.getByLabel('Device name').fill(`${user}'s bench device`);
  await form.getByRole('button', {name: 'Team sign-in'}).click();
  await until(`${user} signed in`, 30_000, async () => (await page.locator(`[data-team-user="${user}"]`).count()) === 1);
  return {context, page};
}

/** Stages the file online (the importer's code loads), commits it offline: n ops wait. */
async function queueOffline(phone: {context: BrowserContext; page: Page}, file: Buffer, n: number): Promise<void> {
  const {context, page} = phone;
  const before = await pending(page);
  await page.getByLabel('Import file').setInputFiles({name: 'bench.geojson', mimeType: 'application/geo+json', buffer: file});
  const button = page.getByRole('button', {name: n === 1 ? 'Import 1 plot' : `Import ${n} plots`});
  await until(`${n} plots staged`, 60_000, async () => (await button.count()) === 1);
  await context.setOffline(true);
  await until('offline', 10_000, async () => (await page.locator('[data-team-online="false"]').count()) === 1);
  await button.click();
  await until(`${n} ops queued`, 120_000, async () => (await pending(page)) === before + n);
}

async function syncNow(phone: {context: BrowserContext; page: Page}): Promise<number> {
  await phone.context.setOffline(false);
  const start = Date.now();
  await phone.page.getByRole('button', {name: 'Sync now'}).first().click();
  return start;
}

export async function benchTeamSync(runs = Number(process.env.BENCH_SYNC_RUNS ?? 5)): Promise<void> {
  const server = await startAppServer(PORT);
  const browser = await launch({gpuCompositing: true});
  try {
    addTeamUser(server.dataDir, 'ada', 'admin', TEAM, PASSWORD);
    addTeamUser(server.dataDir, 'pat', 'planner', TEAM, PASSWORD);
    addTeamUser(server.dataDir, 'sam', 'surveyor', TEAM, PASSWORD);
    const phone = await signIn(browser, server.url, 'sam');
    const planner = await signIn(browser, server.url, 'pat');
    const pushBytes: number[] = [];
    phone.context.on('request', (r) => {
      if (r.url().endsWith('/api/sync/push')) pushBytes.push(r.postDataBuffer()?.length ?? 0);
    });

    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const name = `Timed plot ${i}`;
      await queueOffline(phone, plotsFile(name, 1, 101.6806 + i * 0.0006), 1);
      const start = await syncNow(phone);
      await until(`${name} in the planner's list`, 60_000, async () => (await rowCount(planner.page, name)) === 1, 10);
      times.push(Date.now() - start);
      await until('phone settled', 30_000, async () => (await pending(phone.page)) === 0);
    }
    console.log(`team sync: phone's Sync now -> plot in the planner's list (live events): median ${fmt(median(times))} of ${times.map((t) => fmt(t)).join(', ')}`);

    await queueOffline(phone, plotsFile('Queued', 200, 101.70, 36.9530), 200);
    const requestsBefore = pushBytes.length;
    const start = await syncNow(phone);
    await until('200 queued ops synced', 120_000, async () => (await pending(phone.page)) === 0, 10);
    const bulkMs = Date.now() - start;
    const bulkPushes = pushBytes.slice(requestsBefore);
    console.log(`team sync: 200 ops queued offline -> pending 0 (pushed, pulled): ${fmt(bulkMs)} in ${bulkPushes.length} push request(s) of ${bulkPushes.map((b) => `${(b / 1024).toFixed(0)} KiB`).join(', ')}`);

    // One field edit, online: its own push (the sync that follows a commit).
    const page = phone.page;
    await until('phone idle', 30_000, async () => (await pending(page)) === 0 && (await page.locator('button.sync-now:not([disabled])').count()) > 0);
    const search = page.locator('input.plot-search');
    if ((await search.count()) > 0) await search.fill('Timed plot 1');
    const row = page.locator('.plot-list > li').filter({hasText: 'Timed plot 1'});
    if ((await row.locator('.plot-row').getAttribute('aria-expanded')) !== 'true') await row.locator('.plot-row').click();
    await row.getByRole('button', {name: 'Edit details'}).click();
    const form = page.getByRole('dialog', {name: 'Plot details'});
    await form.locator('textarea').fill('fenced on the north side');
    const pushed = page.waitForRequest((r) => r.url().endsWith('/api/sync/push'), {timeout: 30_000});
    await form.getByRole('button', {name: 'Save'}).click();
    const request = await pushed;
    const body = request.postDataBuffer()?.length ?? 0;
    const ops = (JSON.parse(request.postData() ?? '{}') as {ops?: unknown[]}).ops?.length ?? 0;
    console.log(`team sync: one notes edit -> push body ${body} bytes (${ops} op; the op carries the whole plot after the edit)`);
    await phone.context.close();
    await planner.context.close();
  } finally {
    await browser.close();
    await server.stop();
  }
}
