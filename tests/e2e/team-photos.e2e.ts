import {createHash, randomBytes} from 'node:crypto';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {BrowserContext, Page, Request} from 'playwright-core';
import {encodePng} from '../helpers/png';
import {openWatched, type Watched} from './browser';
import {drawPolygon, squareRing} from './field-helpers';
import {startAppServer} from './preview-server';
import {sharedBrowser} from './suite';
import {addTeamUser} from './team-users';
import {signInToTeam} from './team-sign-in';

/*
 * Photos over the team server (issue 14 item 5), in Chromium against the real server: the phone
 * sends the thumbnail before the op and the full image after it in 256 KiB pieces; a piece cut
 * off mid-way is resumed on the next run from where the server's part ends (only the rest is
 * sent); the planner gets the thumbnail with the plot and the full image only when opening it.
 */
const PORT = Number(process.env.E2E_PORT ?? 4179) + 210;
const PASSWORD = 'password-for-tests';
const TEAM = 'Datong team 1';
const VIEW = '?lang=en#17/36.9505/101.6805';
const PIECE = 256 * 1024;

const browser = sharedBrowser();
let server: Awaited<ReturnType<typeof startAppServer>>;

beforeAll(async () => {
  server = await startAppServer(PORT);
  // The API opens once an admin exists.
  addTeamUser(server.dataDir, 'ada', 'admin', TEAM, PASSWORD);
  addTeamUser(server.dataDir, 'sam', 'surveyor', TEAM, PASSWORD);
  addTeamUser(server.dataDir, 'pat', 'planner', TEAM, PASSWORD);
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

const row = (page: Page, name: string) => page.locator('.plot-list > li').filter({hasText: name});
const ring = (lon: number, lat = 36.9502) => squareRing(lon, lat, 0.0004);

const signIn = (context: BrowserContext, user: string): Promise<Page> => signInToTeam(context, server.url + VIEW, user, PASSWORD);

async function apiGet(path: string, user: string): Promise<Response> {
  const login = await fetch(`${server.url}api/auth/login`, {method: 'POST', headers: {'content-type': 'application/json'},
    body: JSON.stringify({username: user, password: PASSWORD, deviceName: 'test runner'})});
  const {accessToken} = (await login.json()) as {accessToken: string};
  return fetch(`${server.url}${path.replace(/^\//, '')}`, {headers: {authorization: `Bearer ${accessToken}`}});
}

describe('photos over the team server (Chromium, two contexts)', () => {
  const opened: Watched[] = [];
  afterAll(async () => {
    for (const w of opened) await w.context.close();
  });

  it('thumbnail before the op, full image after in pieces; a cut-off piece resumes with only the rest; the planner fetches the full image only when opening it', async () => {
    const a = await openWatched(browser);
    opened.push(a);
    const phone = await signIn(a.context, 'sam');
    // Noise does not compress: a ~700 KB PNG, three pieces.
    const noise = randomBytes(480 * 480 * 3);
    const photo = Buffer.from(encodePng(480, 480, (x, y) => {
      const i = 3 * (y * 480 + x);
      return [noise[i]!, noise[i + 1]!, noise[i + 2]!];
    }));
    const sha = createHash('sha256').update(photo).digest('hex');
    expect(photo.byteLength).toBeGreaterThan(2 * PIECE);

    // Every photo request the phone makes, and the second piece cut off once, mid-way.
    const sent: {url: string; range: string | null; bytes: number}[] = [];
    let cut = false;
    await a.context.route(`**/api/photos/${sha}**`, async (route) => {
      const req: Request = route.request();
      const range = req.headers()['content-range'] ?? null;
      sent.push({url: new URL(req.url()).pathname, range, bytes: req.postDataBuffer()?.byteLength ?? 0});
      if (!cut && range?.startsWith(`bytes ${PIECE}-`)) {
        cut = true;
        return route.abort('connectionreset');
      }
      return route.continue();
    });

    await a.context.setOffline(true);
    await phone.getByRole('button', {name: 'New plot'}).click();
    await drawPolygon(phone, ring(101.6800));
    const form = phone.getByRole('dialog', {name: 'Plot details'});
    await form.getByLabel('Name').fill('Photographed pit');
    await form.getByLabel('Team').fill(TEAM);
    await form.getByLabel('Status').selectOption('remediated');
    await form.getByLabel('Completed').fill('2025-06-01');
    await form.getByLabel('Take or choose photos').setInputFiles({name: 'pit.png', mimeType: 'image/png', buffer: photo});
    await form.getByRole('button', {name: 'Save'}).click();
    await expect.poll(() => row(phone, 'Photographed pit').locator('[data-save="saved"]').count(), {timeout: 30_000}).toBe(1);
    await a.context.setOffline(false);

    // The first run: thumbnail, then the ops (the plot reaches the server), then piece 1; piece 2 is cut.
    await expect.poll(() => cut, {timeout: 60_000}).toBe(true);
    await expect.poll(async () => ((await (await apiGet('/api/plots.geojson', 'pat')).json()) as {features: unknown[]}).features.length, {timeout: 30_000}).toBe(1);
    const thumbnailPut = sent.findIndex((s) => s.url.endsWith('/thumbnail'));
    const firstPiece = sent.findIndex((s) => s.range === `bytes 0-${PIECE - 1}/${photo.byteLength}`);
    expect(thumbnailPut).toBeGreaterThanOrEqual(0);
    expect(firstPiece).toBeGreaterThan(thumbnailPut);
    // The next run (backoff, 2 s) asks where the server's part ends and sends only the rest.
    await expect.poll(async () => ((await (await apiGet(`/api/photos/${sha}/upload`, 'pat')).json()) as {complete: boolean}).complete, {timeout: 60_000}).toBe(true);
    const afterCut = sent.slice(sent.findIndex((s) => s.range?.startsWith(`bytes ${PIECE}-`)) + 1);
    const resent = afterCut.filter((s) => s.range !== null);
    expect(resent[0]!.range).toBe(`bytes ${PIECE}-${2 * PIECE - 1}/${photo.byteLength}`);
    expect(resent.reduce((n, s) => n + s.bytes, 0)).toBe(photo.byteLength - PIECE);
    expect(afterCut.some((s) => s.range?.startsWith('bytes 0-'))).toBe(false);
    const stored = Buffer.from(await (await apiGet(`/api/photos/${sha}`, 'pat')).arrayBuffer());
    expect(createHash('sha256').update(stored).digest('hex')).toBe(sha);

    // The planner: the thumbnail comes with the plot; the full image only when opened.
    const p = await openWatched(browser);
    opened.push(p);
    const planner = await signIn(p.context, 'pat');
    await expect.poll(() => row(planner, 'Photographed pit').count(), {timeout: 30_000}).toBe(1);
    await row(planner, 'Photographed pit').locator('.plot-row').click();
    const thumb = row(planner, 'Photographed pit').locator('.photo-strip img');
    await expect.poll(() => thumb.evaluate((img) => (img as HTMLImageElement).naturalWidth).catch(() => 0), {timeout: 30_000}).toBe(320);
    const fullUrl = `/api/photos/${sha}`;
    expect(p.requests.some((u) => u.endsWith(`${fullUrl}/thumbnail`))).toBe(true);
    expect(p.requests.some((u) => u.endsWith(fullUrl))).toBe(false);
    await thumb.click();
    const viewer = planner.getByRole('dialog', {name: 'Photo, full size'});
    await expect.poll(() => viewer.locator('img').evaluate((img) => (img as HTMLImageElement).naturalWidth), {timeout: 30_000}).toBe(480);
    expect(p.requests.filter((u) => u.endsWith(fullUrl))).toHaveLength(1);
    // Kept on the device: opened again, not fetched again.
    await viewer.getByRole('button', {name: 'Close'}).click();
    await thumb.click();
    await expect.poll(() => viewer.locator('img').evaluate((img) => (img as HTMLImageElement).naturalWidth), {timeout: 30_000}).toBe(480);
    expect(p.requests.filter((u) => u.endsWith(fullUrl))).toHaveLength(1);

    expect(p.errors).toEqual([]);
    // The one cut-off piece is the phone's only error.
    expect(a.errors.filter((e) => !e.includes('ERR_CONNECTION_RESET') && !e.includes('Failed to fetch'))).toEqual([]);
  }, 180_000);
});
