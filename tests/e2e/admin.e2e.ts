import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {Browser} from 'playwright-core';
import {DATONG_PACK_BOUNDS, vectorPack} from '../helpers/test-packs';
import {launch, openWatched, waitForFirstIdle} from './browser';
import {startAppServer} from './preview-server';
import {addTeamUser} from './team-users';

/*
 * The admin panel (issue 14 item 8, issue 15's pack upload) against a real team server
 * (E2E_PORT + 100) whose users are added with `npm run users`, as an operator would: an admin
 * signs in, sees the devices, revokes a surveyor's phone (whose next request is refused 403),
 * uploads a pack generated here and sees it listed, and has a file that is no pack refused
 * with the server's reason.
 */
const PORT = Number(process.env.E2E_PORT ?? 4179) + 100;
const PACK = Buffer.from(vectorPack(DATONG_PACK_BOUNDS, [10, 12]));
const PASSWORD = 'password-for-tests';

let browser: Browser;
let server: Awaited<ReturnType<typeof startAppServer>>;

const addUser = (name: string, role: string) => addTeamUser(server.dataDir, name, role, 'team-a', PASSWORD);

beforeAll(async () => {
  server = await startAppServer(PORT);
  addUser('ada', 'admin');
  addUser('sam', 'surveyor');
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the admin panel (Chromium)', () => {
  it('lists devices, revokes one after asking (its next request gets 403), uploads a pack and words a refusal', async () => {
    // Sam's phone signs in and can pull.
    const login = await fetch(`${server.url}api/auth/login`, {method: 'POST', headers: {'content-type': 'application/json'},
      body: JSON.stringify({username: 'sam', password: PASSWORD, deviceName: 'sam phone'})});
    const phone = (await login.json()) as {accessToken: string; deviceId: string};
    const pull = () => fetch(`${server.url}api/sync/pull?since=0`, {headers: {authorization: `Bearer ${phone.accessToken}`}}).then((r) => r.status);
    expect(await pull()).toBe(200);

    const w = await openWatched(browser);
    const {page} = w;
    await page.goto(`${server.url}?lang=en`);
    await waitForFirstIdle(page);
    // No admin panel before an admin signs in.
    expect(await page.getByRole('heading', {name: 'Team administration'}).count()).toBe(0);
    await page.getByLabel('User name').fill('ada');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', {name: 'Sign in'}).click();
    await expect.poll(() => page.getByRole('heading', {name: 'Team administration'}).count(), {timeout: 30_000}).toBe(1);

    const row = page.locator(`tr[data-device-id="${phone.deviceId}"]`);
    await expect.poll(() => row.count(), {timeout: 30_000}).toBe(1);
    expect(await row.textContent()).toMatch(/sam.*sam phone.*Active/);
    expect(await page.getByText('Quarantined pushes: 0').count()).toBe(1);

    // Revoke asks first; cancelling leaves the device alone.
    await row.getByRole('button', {name: 'Revoke'}).click();
    const dialog = page.getByRole('alertdialog');
    expect(await dialog.textContent()).toContain('Revoke sam’s device “sam phone”?');
    await dialog.getByRole('button', {name: 'Cancel'}).click();
    expect(await pull()).toBe(200);
    await row.getByRole('button', {name: 'Revoke'}).click();
    await page.getByRole('alertdialog').getByRole('button', {name: 'Yes, revoke'}).click();
    await expect.poll(() => row.textContent(), {timeout: 30_000}).toMatch(/Revoked/);
    expect(await pull()).toBe(403);

    // A pack generated here goes up with a progress bar and is listed.
    await page.locator('input[name="pack-file"]').setInputFiles({name: 'datong-test.pmtiles', mimeType: 'application/octet-stream', buffer: PACK});
    await page.getByLabel('Name (optional)').fill('Datong admin upload');
    await page.getByRole('button', {name: 'Upload a basemap pack'}).click();
    await expect.poll(() => page.getByRole('status').filter({hasText: 'Uploaded datong-test.pmtiles'}).count(), {timeout: 60_000}).toBe(1);
    await expect.poll(() => page.locator('.admin-packs li').filter({hasText: 'Datong admin upload'}).count(), {timeout: 30_000}).toBe(1);
    const listed = await fetch(`${server.url}api/packs`, {headers: {authorization: `Bearer ${(await (await fetch(`${server.url}api/auth/login`, {method: 'POST', headers: {'content-type': 'application/json'},
      body: JSON.stringify({username: 'ada', password: PASSWORD, deviceName: 'check'})})).json() as {accessToken: string}).accessToken}`}});
    expect(((await listed.json()) as {packs: {name: string; sizeBytes: number}[]}).packs).toEqual([expect.objectContaining({name: 'Datong admin upload', sizeBytes: PACK.length})]);

    // A file that is no pack: the server's reason, in words.
    await page.locator('input[name="pack-file"]').setInputFiles({name: 'junk.pmtiles', mimeType: 'application/octet-stream', buffer: Buffer.alloc(4096, 7)});
    await page.getByRole('button', {name: 'Upload a basemap pack'}).click();
    const refused = page.getByRole('alert').filter({hasText: 'The server refused junk.pmtiles'});
    await expect.poll(() => refused.count(), {timeout: 30_000}).toBe(1);
    expect(await refused.textContent()).toContain('Not a PMTiles file');

    expect(w.requests.filter((u) => !u.startsWith(server.url) && !u.startsWith('blob:') && !u.startsWith('data:'))).toEqual([]);
    await w.context.close();
  }, 180_000);
});
