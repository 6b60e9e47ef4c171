import {randomUUID} from 'node:crypto';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {BrowserContext, Page} from 'playwright-core';
import {polygonAreaSquareMeters} from '../../src/geo/area';
import {openWatched, type Watched} from './browser';
import {drawPolygon, squareRing} from './field-helpers';
import {startAppServer} from './preview-server';
import {sharedBrowser} from './suite';
import {addTeamUser} from './team-users';
import {signInToTeam} from './team-sign-in';

/*
 * Team conflicts on the map and the planner's live view (issue 14 items 4 and 6), two browser
 * contexts on 127.0.0.1 — a surveyor's phone and a planner's desktop — served by the team
 * server itself (E2E_PORT + 300, its own SQLite in a temporary folder). The planner's context
 * never gets the events stream (its requests are refused), so whatever it sees without pressing
 * Sync came by the poll of the pull. The other side of each conflict is pushed over the API by
 * a second surveyor, as another phone would.
 */
const PORT = Number(process.env.E2E_PORT ?? 4179) + 300;
const PASSWORD = 'password-for-tests';
const TEAM = 'Datong team 1';
const VIEW = '?lang=en#17/36.9505/101.6805';

const browser = sharedBrowser();
let server: Awaited<ReturnType<typeof startAppServer>>;
const api = (path: string) => `${server.url}${path.replace(/^\//, '')}`;

type Geometry = {type: 'Polygon'; coordinates: number[][][]};
type ApiPlot = {type: 'Feature'; geometry: Geometry; properties: Record<string, unknown> & {id: string; notes: string}};

const tokens = new Map<string, {accessToken: string; deviceId: string}>();
async function token(username: string) {
  const known = tokens.get(username);
  if (known) return known;
  const res = await fetch(api('/api/auth/login'), {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify({username, password: PASSWORD, deviceName: `${username}'s other phone`})});
  const body = (await res.json()) as {accessToken: string; deviceId: string};
  tokens.set(username, body);
  return body;
}

/** Pushes one op as `username` (another device of the team) and returns its result. */
async function push(username: string, op: Record<string, unknown>): Promise<{status: string; reason: string | null}> {
  const {accessToken, deviceId} = await token(username);
  const res = await fetch(api('/api/sync/push'), {method: 'POST', headers: {'content-type': 'application/json', authorization: `Bearer ${accessToken}`},
    body: JSON.stringify({deviceId, ops: [{opId: randomUUID(), changes: {}, ...op}]})});
  if (!res.ok) throw new Error(`push: ${res.status} ${await res.text()}`);
  return ((await res.json()) as {results: {status: string; reason: string | null}[]}).results[0]!;
}

const authed = async (path: string) => (await fetch(api(path), {headers: {authorization: `Bearer ${(await token('pat')).accessToken}`}})).json();
const serverPlots = async () => ((await authed('/api/plots.geojson')) as {features: ApiPlot[]}).features;
const tally = async () => (await authed('/api/tally')) as {plots: number; remediatedMu: number};

const square = (lon: number, side: number, lat = 36.9502): Geometry => ({type: 'Polygon', coordinates: [[...squareRing(lon, lat, side), squareRing(lon, lat, side)[0]!]]});

const seedPlot = (id: string, name: string, geometry: Geometry): ApiPlot => ({type: 'Feature', geometry,
  properties: {id, name, zone: 'Datong', measure: 'cover-regreen', status: 'remediated', completed: '2025-05-01', team: TEAM, notes: '', updated: '2025-05-01T00:00:00.000Z'}});

beforeAll(async () => {
  server = await startAppServer(PORT);
  addTeamUser(server.dataDir, 'ada', 'admin', TEAM, PASSWORD);
  addTeamUser(server.dataDir, 'pat', 'planner', TEAM, PASSWORD);
  addTeamUser(server.dataDir, 'sue', 'surveyor', TEAM, PASSWORD);
  addTeamUser(server.dataDir, 'sam', 'surveyor', TEAM, PASSWORD);
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

const row = (page: Page, name: string) => page.locator('.plot-list > li').filter({hasText: name});
const pending = async (page: Page) => Number(await page.locator('[data-team-pending]').getAttribute('data-team-pending'));
const remediatedMu = async (page: Page) => (await page.getByTestId('remediated-mu').textContent())?.replace(/\s+/g, ' ').trim();

type MapHandle = {
  getSource(id: string): {serialize(): {data: {features: {geometry: Geometry; properties: Record<string, unknown>}[]}}} | undefined;
  queryRenderedFeatures(o: {layers: string[]}): {properties: Record<string, unknown>}[];
  getBounds(): {getWest(): number; getEast(): number; getSouth(): number; getNorth(): number};
  jumpTo(o: object): void;
};

/** The features of a map source as the page's map holds them. */
const sourceFeatures = (page: Page, id: string) =>
  page.evaluate((source) => (window as unknown as {qhMap: MapHandle}).qhMap.getSource(source)?.serialize().data.features ?? [], id);

/** The geometry of plot `id` on the page's map (its plots source). */
const mapGeometry = async (page: Page, id: string) => (await sourceFeatures(page, 'plots')).find((f) => f.properties.id === id)?.geometry ?? null;

const signIn = (context: BrowserContext, user: string): Promise<Page> => signInToTeam(context, server.url + VIEW, user, PASSWORD);

async function openRow(page: Page, name: string) {
  const button = row(page, name).locator('.plot-row');
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
}

async function editNotes(page: Page, name: string, notes: string) {
  await openRow(page, name);
  await row(page, name).getByRole('button', {name: 'Edit details'}).click();
  const form = page.getByRole('dialog', {name: 'Plot details'});
  await form.locator('textarea').fill(notes);
  await form.getByRole('button', {name: 'Save'}).click();
  await expect.poll(() => row(page, name).locator('[data-save="saved"]').count()).toBe(1);
}

/** Every context shows the server's plots and the header total of GET /api/tally. */
async function allAgree(pages: readonly Page[]) {
  const expected = await tally();
  for (const page of pages) {
    await expect.poll(() => page.locator('.plot-list > li').count(), {timeout: 30_000}).toBe(expected.plots);
    await expect.poll(() => remediatedMu(page), {timeout: 30_000}).toContain(`${expected.remediatedMu.toFixed(1)} mu`);
  }
}

describe('team conflicts on the map, and the planner seeing the team live (Chromium, two contexts)', () => {
  const opened: Watched[] = [];
  let phone: Page;
  let planner: Page;
  afterAll(async () => {
    for (const w of opened) await w.context.close();
  });

  it('the planner sees a plot drawn on the phone in its list, map and total without pressing Sync', async () => {
    const [a, p] = [await openWatched(browser), await openWatched(browser)];
    opened.push(a, p);
    // The planner gets no events stream: what it sees unprompted comes by polling the pull.
    await p.context.route('**/api/sync/events', (route) => route.abort());
    phone = await signIn(a.context, 'sue');
    planner = await signIn(p.context, 'pat');

    await phone.getByRole('button', {name: 'New plot'}).click();
    await drawPolygon(phone, squareRing(101.6800, 36.9502, 0.0004));
    const form = phone.getByRole('dialog', {name: 'Plot details'});
    await form.getByLabel('Name').fill('Phone live plot');
    await form.getByLabel('Team').fill(TEAM);
    await form.getByLabel('Status').selectOption('remediated');
    await form.getByLabel('Completed').fill('2025-06-01');
    await form.getByRole('button', {name: 'Save'}).click();
    await expect.poll(() => row(phone, 'Phone live plot').locator('[data-sync="server"]').count(), {timeout: 30_000}).toBe(1);

    await expect.poll(() => row(planner, 'Phone live plot').count(), {timeout: 30_000}).toBe(1);
    const [plot] = (await serverPlots()).filter((f) => f.properties.name === 'Phone live plot');
    await expect.poll(() => mapGeometry(planner, plot!.properties.id), {timeout: 30_000}).toEqual(plot!.geometry);
    await allAgree([planner, phone]);
  }, 120_000);

  it('a reshape conflict shows both shapes on the map with their areas; taking the server shape leaves both contexts on it', async () => {
    const base = seedPlot('shape-plot', 'Shape plot', square(101.6790, 0.0004));
    expect((await push('sam', {plotId: 'shape-plot', kind: 'create', baseVersion: 0, plot: base})).status).toBe('applied');
    for (const page of [planner, phone]) await expect.poll(() => row(page, 'Shape plot').count(), {timeout: 30_000}).toBe(1);
    // Two phones reshape it from the same version: sam's lands first, sue's becomes the conflict.
    const small = square(101.6790, 0.0003);
    const large = square(101.6790, 0.0006);
    const reshape = (to: Geometry) => ({plotId: 'shape-plot', kind: 'update', baseVersion: 1, changes: {geometry: {from: base.geometry, to}}, plot: {...base, geometry: to}});
    expect((await push('sam', reshape(small))).status).toBe('applied');
    expect((await push('sue', reshape(large))).status).toBe('conflict');

    const conflict = planner.locator('[data-conflict-plot="shape-plot"]');
    await expect.poll(() => conflict.count(), {timeout: 30_000}).toBe(1);
    // The list gives each side's own area, in mu.
    const area = async (side: string) => Number(await conflict.locator(`[data-shape-side="${side}"]`).getAttribute('data-area-m2'));
    expect(await area('mine')).toBeCloseTo(polygonAreaSquareMeters(large), 0);
    expect(await area('theirs')).toBeCloseTo(polygonAreaSquareMeters(small), 0);
    expect(await conflict.locator('[data-shape-side="mine"]').textContent()).toMatch(/Area of their edit: [\d.]+ mu/);

    await planner.evaluate(() => (window as unknown as {qhMap: MapHandle}).qhMap.jumpTo({center: [101.70, 36.97], zoom: 14}));
    await conflict.getByRole('button', {name: 'Show both shapes on the map'}).click();
    await expect.poll(async () => (await sourceFeatures(planner, 'qh-conflict')).map((f) => [f.properties.side, f.geometry]), {timeout: 10_000})
      .toEqual([['theirs', small], ['mine', large]]);
    // Drawn, in the two layers of the two sides…
    await expect.poll(() => planner.evaluate(() => [...new Set((window as unknown as {qhMap: MapHandle}).qhMap
      .queryRenderedFeatures({layers: ['qh-conflict:mine-line', 'qh-conflict:theirs-line']}).map((f) => String(f.properties.side)))].sort()), {timeout: 10_000})
      .toEqual(['mine', 'theirs']);
    // …and the map moved to show both.
    const view = await planner.evaluate(() => {
      const b = (window as unknown as {qhMap: MapHandle}).qhMap.getBounds();
      return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()];
    });
    const [ring] = large.coordinates;
    for (const [lon, lat] of ring!) expect(lon! > view[0]! && lon! < view[2]! && lat! > view[1]! && lat! < view[3]!).toBe(true);

    // The surveyor whose edit clashed is told it was kept.
    await expect.poll(() => phone.locator('[data-conflict-plot="shape-plot"]').textContent(), {timeout: 30_000}).toContain('both are kept');

    await conflict.getByLabel('Keep On the server: geometry').check();
    await conflict.getByRole('button', {name: 'Resolve'}).click();
    await expect.poll(() => conflict.count(), {timeout: 30_000}).toBe(0);
    await expect.poll(() => sourceFeatures(planner, 'qh-conflict'), {timeout: 10_000}).toEqual([]);
    // The resolution reaches the server (pending alone could read 0 before the op is counted).
    await expect.poll(async () => (await serverPlots()).find((f) => f.properties.id === 'shape-plot')?.geometry, {timeout: 30_000}).toEqual(small);
    await expect.poll(() => pending(planner), {timeout: 30_000}).toBe(0);
    for (const page of [planner, phone]) {
      await expect.poll(() => mapGeometry(page, 'shape-plot'), {timeout: 30_000}).toEqual(small);
      await expect.poll(() => page.locator('[data-conflict-plot]').count(), {timeout: 30_000}).toBe(0);
    }
    await allAgree([planner, phone]);
  }, 180_000);

  it('an edit to a plot deleted meanwhile: the list says the server deleted it, and the planner brings it back with the edit', async () => {
    const base = seedPlot('gone-plot', 'Gone plot', square(101.6812, 0.0004));
    expect((await push('sam', {plotId: 'gone-plot', kind: 'create', baseVersion: 0, plot: base})).status).toBe('applied');
    await expect.poll(() => row(phone, 'Gone plot').count(), {timeout: 30_000}).toBe(1);
    await phone.context().setOffline(true);
    await expect.poll(() => phone.locator('[data-team-online="false"]').count()).toBe(1);
    await editNotes(phone, 'Gone plot', 'seeded');
    // Meanwhile another phone deletes the plot.
    expect((await push('sam', {plotId: 'gone-plot', kind: 'delete', baseVersion: 1, plot: base})).status).toBe('applied');
    await phone.context().setOffline(false);
    await expect.poll(() => pending(phone), {timeout: 30_000}).toBe(0);
    // The phone takes the deletion; its edit is kept in the conflict, and it is told so.
    await expect.poll(() => row(phone, 'Gone plot').count(), {timeout: 30_000}).toBe(0);
    await expect.poll(() => phone.locator('[data-conflict-plot="gone-plot"]').textContent(), {timeout: 30_000}).toContain('both are kept');

    const conflict = planner.locator('[data-conflict-plot="gone-plot"]');
    await expect.poll(() => conflict.count(), {timeout: 30_000}).toBe(1);
    expect(await conflict.getAttribute('data-conflict-kind')).toBe('theirs-deleted');
    expect(await conflict.locator('[data-deleted-side]').getAttribute('data-deleted-side')).toBe('theirs');
    expect(await conflict.textContent()).toContain('deleted on the server while sue');
    await conflict.getByRole('button', {name: 'Show both shapes on the map'}).click();
    // The deleted side is drawn as the shape it had.
    await expect.poll(async () => (await sourceFeatures(planner, 'qh-conflict')).map((f) => [f.properties.side, f.properties.deleted, f.geometry]), {timeout: 10_000})
      .toEqual([['theirs', true, base.geometry], ['mine', false, base.geometry]]);
    expect(await conflict.locator('[data-shape-side="theirs"]').textContent()).toContain('deleted');

    await conflict.getByRole('button', {name: 'Bring the plot back (with their edit)'}).click();
    await expect.poll(() => conflict.count(), {timeout: 30_000}).toBe(0);
    await expect.poll(async () => (await serverPlots()).find((f) => f.properties.id === 'gone-plot')?.properties.notes, {timeout: 30_000}).toBe('seeded');
    await expect.poll(() => pending(planner), {timeout: 30_000}).toBe(0);
    for (const page of [planner, phone]) {
      await expect.poll(() => row(page, 'Gone plot').count(), {timeout: 30_000}).toBe(1);
      await openRow(page, 'Gone plot');
      await expect.poll(() => row(page, 'Gone plot').locator('.plot-team').textContent(), {timeout: 30_000}).toContain('seeded');
      await expect.poll(() => page.locator('[data-conflict-plot]').count(), {timeout: 30_000}).toBe(0);
    }
    await allAgree([planner, phone]);
    for (const w of opened) expect(w.errors).toEqual([]);
  }, 180_000);
});
