import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {Browser, Page} from 'playwright-core';
import {DATONG_PACK_BOUNDS, vectorPack} from '../helpers/test-packs';
import {launch, openWatched, waitForFirstIdle} from './browser';
import {startAppServer} from './preview-server';
import {addTeamUser} from './team-users';

/*
 * Downloading a basemap pack from the team server (docs/basemap-packs.md). This file runs its
 * own team server (E2E_PORT + 100) with the test hook that cuts the first pack download off
 * after CUT bytes, and an admin and a surveyor added with `npm run users` as an operator would.
 */
const PORT = Number(process.env.E2E_PORT ?? 4179) + 100;
const PACK = Buffer.from(vectorPack(DATONG_PACK_BOUNDS, [10, 15]));
const CUT = Math.floor(PACK.length / 3);
const PASSWORD = 'password-for-tests';

let browser: Browser;
let server: Awaited<ReturnType<typeof startAppServer>>;
let packId = '';

const addUser = (name: string, role: string) => addTeamUser(server.dataDir, name, role, 'team-a', PASSWORD);

beforeAll(async () => {
  server = await startAppServer(PORT, {TEAM_SERVER_TEST_DROP_PACK_AFTER_BYTES: String(CUT)});
  addUser('ada', 'admin');
  addUser('sam', 'surveyor');
  const login = await fetch(`${server.url}api/auth/login`, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify({username: 'ada', password: PASSWORD, deviceName: 'upload'})});
  const {accessToken} = (await login.json()) as {accessToken: string};
  const up = await fetch(`${server.url}api/packs?name=Datong%20from%20the%20server&source=synthetic%20test%20data`, {
    method: 'PUT',
    headers: {authorization: `Bearer ${accessToken}`, 'content-type': 'application/octet-stream'},
    body: PACK,
  });
  if (up.status !== 201) throw new Error(`upload: ${up.status} ${await up.text()}`);
  packId = ((await up.json()) as {pack: {id: string}}).pack.id;
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function signIn(page: Page) {
  await page.goto(`${server.url}?lang=en`);
  await waitForFirstIdle(page);
  await page.getByLabel('User name').fill('sam');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', {name: 'Sign in'}).click();
  await expect.poll(() => page.locator(`[data-team-pack="${packId}"]`).count(), {timeout: 30_000}).toBe(1);
}

describe('basemap packs from the team server (Chromium)', () => {
  it('downloads a pack whose connection is cut off, continues it by range, checks it and keeps it across a reload', async () => {
    const w = await openWatched(browser);
    const {page} = w;
    const asked: Promise<string | null>[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith(`/api/packs/${packId}/file`)) asked.push(r.allHeaders().then((h) => h['range'] ?? null));
    });
    await signIn(page);
    const row = page.locator(`[data-team-pack="${packId}"]`);
    expect(await row.textContent()).toMatch(/Datong from the server.*Vector map.*Zoom 10–15.*synthetic test data/);
    await row.getByRole('button', {name: /^Download/}).click();
    await expect.poll(() => page.getByRole('status').filter({hasText: 'Downloaded and checked: Datong from the server'}).count(), {timeout: 60_000}).toBe(1);
    // The first request was cut after CUT bytes; the second asked for the rest only.
    expect(await Promise.all(asked)).toEqual([null, `bytes=${CUT}-`]);
    expect(await row.textContent()).toMatch(/On this device/);
    await expect.poll(() => page.locator('.pack-row[data-pack-kind="vector"]').count()).toBe(1);
    const files = await page.evaluate(async () => {
      const dir = (await (await navigator.storage.getDirectory()).getDirectoryHandle('basemap-packs')) as FileSystemDirectoryHandle & {entries(): AsyncIterable<[string, FileSystemHandle]>};
      const out: [string, number][] = [];
      for await (const [name, h] of dir.entries()) if (name !== 'index.json') out.push([name, (await (h as FileSystemFileHandle).getFile()).size]);
      return out;
    });
    expect(files).toEqual([[`${packId}.pmtiles`, PACK.length]]);
    await page.reload();
    await waitForFirstIdle(page);
    await expect.poll(() => page.locator('.pack-row[data-pack-kind="vector"]').count()).toBe(1);
    await page.waitForFunction(() => Object.keys((window as unknown as {qhMap: {getStyle(): {sources: object}}}).qhMap.getStyle().sources).some((id) => id.startsWith('pack:')));
    expect(w.requests.filter((u) => !u.startsWith(server.url) && !u.startsWith('blob:') && !u.startsWith('data:'))).toEqual([]);
    await w.context.close();
    // Two page loads and a download on a shared 2-core machine: more room than the default.
  }, 240_000);

  it('reports that the device has no room before downloading anything', async () => {
    const w = await openWatched(browser);
    const {page} = w;
    await page.addInitScript(() => {
      navigator.storage.estimate = async () => ({usage: 1000, quota: 2000});
    });
    let fileRequests = 0;
    page.on('request', (r) => void (r.url().includes('/api/packs/') && fileRequests++));
    await signIn(page);
    await page.locator(`[data-team-pack="${packId}"]`).getByRole('button', {name: /^Download/}).click();
    const alert = page.getByRole('alert').filter({hasText: 'Datong from the server not downloaded'});
    await expect.poll(() => alert.count(), {timeout: 30_000}).toBe(1);
    expect(await alert.textContent()).toMatch(/out of storage space.*Nothing was kept/);
    expect(fileRequests).toBe(0);
    expect(await page.locator('.pack-row[data-pack-kind]').count()).toBe(0);
    await w.context.close();
  });
});
