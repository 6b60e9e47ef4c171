import {randomUUID} from 'node:crypto';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {Page} from 'playwright-core';
import {openWatched, type Watched} from './browser';
import {drawPolygon, squareRing} from './field-helpers';
import {startAppServer} from './preview-server';
import {openOnPlotsTab, sharedBrowser} from './suite';
import {addTeamUser} from './team-users';

/*
 * A team server at another address than the app's (issue 14 item 1), in Chromium, all on
 * 127.0.0.1: the app is served from port A (its CSP naming B and C in connect-src), the team
 * server B allows origin A (--allow-origin), C allows no other origin. Signing in to C is
 * refused with a message naming the fix; signed in to B, a plot syncs both ways.
 */
const BASE = Number(process.env.E2E_PORT ?? 4179) + 220;
const [PORT_A, PORT_B, PORT_C] = [BASE, BASE + 1, BASE + 2];
const origin = (port: number) => `http://127.0.0.1:${port}`;
const PASSWORD = 'password-for-tests';
const TEAM = 'Datong team 1';
const VIEW = '?lang=en#17/36.9505/101.6805';

const browser = sharedBrowser();
let servers: Awaited<ReturnType<typeof startAppServer>>[] = [];

beforeAll(async () => {
  servers = await Promise.all([
    startAppServer(PORT_A, {TEAM_SERVER_CONNECT_SRC: `${origin(PORT_B)} ${origin(PORT_C)}`}),
    startAppServer(PORT_B, {TEAM_SERVER_ALLOW_ORIGINS: origin(PORT_A)}),
    startAppServer(PORT_C),
  ]);
  for (const s of servers.slice(1)) {
    addTeamUser(s.dataDir, 'ada', 'admin', TEAM, PASSWORD);
    addTeamUser(s.dataDir, 'pat', 'planner', TEAM, PASSWORD);
  }
}, 120_000);
afterAll(async () => {
  for (const s of servers) await s.stop();
});

async function apiOnB(path: string, init: RequestInit = {}): Promise<Response> {
  const login = await fetch(`${origin(PORT_B)}/api/auth/login`, {method: 'POST', headers: {'content-type': 'application/json'},
    body: JSON.stringify({username: 'ada', password: PASSWORD, deviceName: 'test runner'})});
  const {accessToken, deviceId} = (await login.json()) as {accessToken: string; deviceId: string};
  const body = typeof init.body === 'string' ? init.body.replace('DEVICE', deviceId) : init.body;
  return fetch(`${origin(PORT_B)}${path}`, {...init, body, headers: {'content-type': 'application/json', ...init.headers, authorization: `Bearer ${accessToken}`}});
}

async function trySignIn(page: Page, server: string): Promise<void> {
  const form = page.getByRole('form', {name: 'Team sign-in'});
  await form.getByLabel('Team account').fill('pat');
  await form.getByLabel('Team passphrase').fill(PASSWORD);
  await form.getByLabel('Device name').fill('planner desktop');
  // Opened once; a second click on its summary would fold it again.
  await form.locator('details').evaluate((d) => ((d as HTMLDetailsElement).open = true));
  await form.getByRole('textbox', {name: 'Server address (empty: this site)'}).fill(server);
  await form.getByRole('button', {name: 'Team sign-in'}).click();
}

const row = (page: Page, name: string) => page.locator('.plot-list > li').filter({hasText: name});

describe('a team server on another origin (Chromium)', () => {
  let w: Watched;
  afterAll(async () => {
    await w?.context.close();
  });

  it('a server that does not allow the app\'s origin is refused with the fix in words; one that does syncs a plot both ways', async () => {
    w = await openWatched(browser);
    const page = await openOnPlotsTab(w.context, `${origin(PORT_A)}/${VIEW}`);

    await trySignIn(page, origin(PORT_C));
    const alert = page.getByRole('form', {name: 'Team sign-in'}).getByRole('alert');
    await expect.poll(() => alert.textContent(), {timeout: 30_000}).toContain(`does not allow this app's address (${origin(PORT_A)})`);
    expect(await alert.textContent()).toContain(`--allow-origin ${origin(PORT_A)}`);

    await trySignIn(page, origin(PORT_B));
    await expect.poll(() => page.locator('[data-team-user="pat"]').count(), {timeout: 30_000}).toBe(1);

    // App → server B.
    await page.getByRole('button', {name: 'New plot'}).click();
    await drawPolygon(page, squareRing(101.68, 36.9502, 0.0004));
    const form = page.getByRole('dialog', {name: 'Plot details'});
    await form.getByLabel('Name').fill('Drawn on A');
    await form.getByLabel('Team').fill(TEAM);
    await form.getByLabel('Status').selectOption('remediated');
    await form.getByLabel('Completed').fill('2025-06-01');
    await form.getByRole('button', {name: 'Save'}).click();
    await expect.poll(async () => {
      const geojson = (await (await apiOnB('/api/plots.geojson')).json()) as {features: {properties: {name: string}}[]};
      return geojson.features.map((f) => f.properties.name);
    }, {timeout: 30_000}).toEqual(['Drawn on A']);

    // Server B → app (live: events stream or poll, no click).
    const ring = [...squareRing(101.681, 36.9502, 0.0004), squareRing(101.681, 36.9502, 0.0004)[0]!];
    const plot = {type: 'Feature', geometry: {type: 'Polygon', coordinates: [ring]},
      properties: {id: 'from-b', name: 'Pushed to B', zone: 'Datong', measure: 'cover-regreen', status: 'remediated', completed: '2025-05-01', team: TEAM, notes: '', updated: '2025-05-01T00:00:00.000Z'}};
    const pushed = await apiOnB('/api/sync/push', {method: 'POST', body: JSON.stringify({deviceId: 'DEVICE', ops: [{opId: randomUUID(), plotId: 'from-b', kind: 'create', baseVersion: 0, changes: {}, plot}]})});
    expect(pushed.status).toBe(200);
    await expect.poll(() => row(page, 'Pushed to B').count(), {timeout: 30_000}).toBe(1);

    // Every request stayed on 127.0.0.1: the app's origin and server B (C only for the refused sign-in).
    const hosts = new Set(w.requests.filter((u) => /^https?:/.test(u)).map((u) => new URL(u).origin));
    expect([...hosts].sort()).toEqual([origin(PORT_A), origin(PORT_B), origin(PORT_C)].sort());
  }, 150_000);
});
