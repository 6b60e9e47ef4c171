import {randomUUID} from 'node:crypto';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {BrowserContext, Page} from 'playwright-core';
import {openWatched, type Watched} from './browser';
import {drawPolygon, squareRing, pngBytes} from './field-helpers';
import {startAppServer} from './preview-server';
import {sharedBrowser} from './suite';
import {addTeamUser} from './team-users';
import {signInToTeam} from './team-sign-in';

/*
 * The app as a client of the team server (issue 14), three browser contexts on 127.0.0.1: two
 * phones (surveyors of one team) and a planner's desktop, all served by the team server itself
 * (E2E_PORT + 200, its own SQLite), users added with `npm run users` as an operator would.
 */
const PORT = Number(process.env.E2E_PORT ?? 4179) + 200;
const PASSWORD = 'password-for-tests';
const TEAM = 'Datong team 1';
const VIEW = '?lang=en#17/36.9505/101.6805';

const browser = sharedBrowser();
let server: Awaited<ReturnType<typeof startAppServer>>;
const api = (path: string) => `${server.url}${path.replace(/^\//, '')}`;

const addUser = (name: string, role: string) => addTeamUser(server.dataDir, name, role, TEAM, PASSWORD);

async function token(username: string): Promise<{accessToken: string; deviceId: string}> {
  const res = await fetch(api('/api/auth/login'), {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify({username, password: PASSWORD, deviceName: 'test runner'})});
  return (await res.json()) as {accessToken: string; deviceId: string};
}

const ring = (lon: number, lat = 36.9502) => [...squareRing(lon, lat, 0.0004), squareRing(lon, lat, 0.0004)[0]!];

beforeAll(async () => {
  server = await startAppServer(PORT);
  addUser('ada', 'admin');
  addUser('pat', 'planner');
  addUser('sam', 'surveyor');
  addUser('sue', 'surveyor');
  // The plot both phones will edit, on the server before anyone signs in.
  const {accessToken, deviceId} = await token('pat');
  const plot = {type: 'Feature', geometry: {type: 'Polygon', coordinates: [ring(101.6792)]},
    properties: {id: 'shared-plot', name: 'Shared plot', zone: 'Datong', measure: 'cover-regreen', status: 'remediated', completed: '2025-05-01', team: TEAM, notes: '', updated: '2025-05-01T00:00:00.000Z'}};
  const res = await fetch(api('/api/sync/push'), {method: 'POST', headers: {'content-type': 'application/json', authorization: `Bearer ${accessToken}`},
    body: JSON.stringify({deviceId, ops: [{opId: randomUUID(), plotId: 'shared-plot', kind: 'create', baseVersion: 0, changes: {}, plot}]})});
  if (!res.ok) throw new Error(`seed: ${res.status} ${await res.text()}`);
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

const row = (page: Page, name: string) => page.locator('.plot-list > li').filter({hasText: name});
const pending = async (page: Page) => Number(await page.locator('[data-team-pending]').getAttribute('data-team-pending'));

const signIn = (context: BrowserContext, user: string): Promise<Page> => signInToTeam(context, server.url + VIEW, user, PASSWORD);

async function drawAndSave(page: Page, lon: number, name: string, lat?: number, photo?: Buffer) {
  // Opening a plot in the list zooms to it: back to the view the rings are drawn in.
  await page.evaluate(() => (window as unknown as {qhMap: {jumpTo(o: object): void}}).qhMap.jumpTo({center: [101.6805, 36.9505], zoom: 17}));
  await page.getByRole('button', {name: 'New plot'}).click();
  await drawPolygon(page, ring(lon, lat).slice(0, 4));
  const form = page.getByRole('dialog', {name: 'Plot details'});
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Team').fill(TEAM);
  await form.getByLabel('Status').selectOption('remediated');
  await form.getByLabel('Completed').fill('2025-06-01');
  if (photo) await form.getByLabel('Take or choose photos').setInputFiles({name: 'pit.png', mimeType: 'image/png', buffer: photo});
  await form.getByRole('button', {name: 'Save'}).click();
  await expect.poll(() => row(page, name).locator('[data-save="saved"]').count()).toBe(1);
}

async function openRow(page: Page, name: string) {
  const button = row(page, name).locator('.plot-row');
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
}

async function editNotes(page: Page, name: string, notes: string) {
  // A long list draws only the rows in view: find the plot with the list's search.
  const search = page.locator('input.plot-search');
  const searched = (await search.count()) > 0;
  if (searched) await search.fill(name);
  await openRow(page, name);
  await row(page, name).getByRole('button', {name: 'Edit details'}).click();
  const form = page.getByRole('dialog', {name: 'Plot details'});
  await form.locator('textarea').fill(notes);
  await form.getByRole('button', {name: 'Save'}).click();
  await expect.poll(() => row(page, name).locator('[data-save="saved"]').count()).toBe(1);
  if (searched) await search.fill('');
}

const remediatedMu = async (page: Page) => (await page.getByTestId('remediated-mu').textContent())?.replace(/\s+/g, ' ').trim();

describe('the app as a team-server client (Chromium, three contexts)', () => {
  const opened: Watched[] = [];
  afterAll(async () => {
    for (const w of opened) await w.context.close();
  });

  it('two offline phones edit, come online: the planner sees the new plot and one conflict with both values, resolves it, and all agree with /api/tally', async () => {
    const [a, b, p] = [await openWatched(browser), await openWatched(browser), await openWatched(browser)];
    opened.push(a, b, p);
    const phoneA = await signIn(a.context, 'sam');
    const phoneB = await signIn(b.context, 'sue');
    const planner = await signIn(p.context, 'pat');
    for (const page of [phoneA, phoneB, planner]) {
      await expect.poll(() => row(page, 'Shared plot').locator('[data-sync="server"]').count(), {timeout: 30_000}).toBe(1);
    }

    await a.context.setOffline(true);
    await b.context.setOffline(true);
    await expect.poll(() => phoneA.locator('[data-team-online="false"]').count()).toBe(1);
    const photo = await pngBytes(phoneA);
    await drawAndSave(phoneA, 101.6800, 'Phone A plot', undefined, photo);
    // The photo is written after the plot (its own op, naming it by hash).
    await expect.poll(() => pending(phoneA), {timeout: 15_000}).toBe(2);
    await editNotes(phoneA, 'Shared plot', 'fenced');
    await editNotes(phoneB, 'Shared plot', 'seeded');
    // Saved on the phone, not yet on the server: nothing claims otherwise.
    expect(await row(phoneA, 'Phone A plot').locator('[data-sync="device"]').count()).toBe(1);
    await expect.poll(() => pending(phoneA), {timeout: 15_000}).toBe(3);
    await expect.poll(() => pending(phoneB), {timeout: 15_000}).toBe(1);
    expect(await row(planner, 'Phone A plot').count()).toBe(0);

    await a.context.setOffline(false);
    await expect.poll(() => pending(phoneA), {timeout: 30_000}).toBe(0);
    await expect.poll(() => row(phoneA, 'Phone A plot').locator('[data-sync="server"]').count(), {timeout: 30_000}).toBe(1);
    await b.context.setOffline(false);
    await expect.poll(() => pending(phoneB), {timeout: 30_000}).toBe(0);

    // The planner sees A's plot live (events stream, no click) and the conflict, both values kept.
    await expect.poll(() => row(planner, 'Phone A plot').count(), {timeout: 30_000}).toBe(1);
    // And A's photo: its bytes fetched from the team server when the plot's photos are shown.
    await openRow(planner, 'Phone A plot');
    const shown = row(planner, 'Phone A plot').locator('.photo-strip img');
    await expect.poll(() => shown.count(), {timeout: 30_000}).toBe(1);
    await expect.poll(() => shown.evaluate((img) => (img as HTMLImageElement).naturalWidth), {timeout: 10_000}).toBe(8);
    await planner.getByRole('button', {name: 'Sync now'}).first().click();
    const conflict = planner.locator('[data-conflict-plot="shared-plot"]');
    await expect.poll(() => conflict.count(), {timeout: 30_000}).toBe(1);
    expect(await conflict.locator('[data-field="notes"] [data-side="mine"]').textContent()).toContain('seeded');
    expect(await conflict.locator('[data-field="notes"] [data-side="theirs"]').textContent()).toContain('fenced');
    // Phone B is told its edit was kept, not lost.
    await phoneB.getByRole('button', {name: 'Sync now'}).first().click();
    await expect.poll(() => phoneB.locator('[data-conflict-plot="shared-plot"]').textContent(), {timeout: 30_000}).toContain('both are kept');

    await conflict.getByLabel('Keep Their edit: notes').check();
    await conflict.getByRole('button', {name: 'Resolve'}).click();
    await expect.poll(() => conflict.count(), {timeout: 30_000}).toBe(0);
    await expect.poll(() => pending(planner), {timeout: 30_000}).toBe(0);

    const tally = (await (await fetch(api('/api/tally'), {headers: {authorization: `Bearer ${(await token('pat')).accessToken}`}})).json()) as {plots: number; remediatedMu: number};
    expect(tally.plots).toBe(2);
    for (const page of [phoneA, phoneB, planner]) {
      await page.getByRole('button', {name: 'Sync now'}).first().click();
      await expect.poll(() => page.locator('.plot-list > li').count(), {timeout: 30_000}).toBe(tally.plots);
      await expect.poll(() => remediatedMu(page), {timeout: 30_000}).toContain(`${tally.remediatedMu.toFixed(1)} mu`);
      await openRow(page, 'Shared plot');
      await expect.poll(() => row(page, 'Shared plot').locator('.plot-team').textContent(), {timeout: 30_000}).toContain('seeded');
      expect(await page.locator('[data-conflict-plot]').count()).toBe(0);
    }
    for (const w of [a, b, p]) expect(w.errors).toEqual([]);
  }, 300_000);
});

