import {spawn, type ChildProcess} from 'node:child_process';
import {randomUUID} from 'node:crypto';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {BrowserContext, Page, Request} from 'playwright-core';
import {openWatched, type Watched} from './browser';
import {drawPolygon, squareRing} from './field-helpers';
import {openOnPlotsTab, sharedBrowser} from './suite';
import {addTeamUser} from './team-users';

/*
 * Team sync under the things that go wrong in the field (issue 14's remaining browser tests):
 * a long offline session, a tab closed mid-sync, the server killed mid-sync, a revoked device.
 * The team server runs from this file (its own temporary data folder, on 127.0.0.1), so a test
 * can SIGKILL it and start it again on the same database.
 */
const PORT = Number(process.env.E2E_PORT ?? 4179) + 210;
const PASSWORD = 'password-for-tests';
const TEAM = 'Datong team 1';
const VIEW = '?lang=en#17/36.9505/101.6805';
const root = fileURLToPath(new URL('../..', import.meta.url));
const tsxLoader = new URL('node_modules/tsx/dist/loader.mjs', `file://${root}/`).href;

/** The team server process on one data folder; `kill()` is SIGKILL, `start()` runs it again. */
class TeamServer {
  readonly dataDir = mkdtempSync(join(tmpdir(), 'qh-e2e-resilience-'));
  readonly url = `http://127.0.0.1:${PORT}/`;
  #child: ChildProcess | null = null;
  output = '';

  async start(env: Record<string, string> = {}): Promise<void> {
    const childEnv: NodeJS.ProcessEnv = {...process.env, ...env};
    delete childEnv.DATABASE_URL;
    const child = spawn(process.execPath, ['--import', tsxLoader, 'src/server/main.ts', '--data', this.dataDir, '--port', String(PORT), '--host', '127.0.0.1'],
      {cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: childEnv});
    this.#child = child;
    child.stdout?.on('data', (d) => (this.output += d));
    child.stderr?.on('data', (d) => (this.output += d));
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the team server exited while starting: ${this.output}`);
      try {
        if ((await fetch(`${this.url}api/health`)).ok) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`the team server did not start on ${this.url}: ${this.output}`);
      await new Promise((r) => setTimeout(r, 150));
    }
  }

  /** Resolves once the process has gone (it may have killed itself: TEAM_SERVER_TEST_KILL_AFTER_COMMITS). */
  exited(): Promise<NodeJS.Signals | number | null> {
    const child = this.#child;
    if (!child) return Promise.resolve(null);
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.signalCode ?? child.exitCode);
    return new Promise((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
  }

  async kill(): Promise<void> {
    this.#child?.kill('SIGKILL');
    await this.exited();
  }

  async stop(): Promise<void> {
    if (this.#child && this.#child.exitCode === null && this.#child.signalCode === null) {
      this.#child.kill('SIGTERM');
      await this.exited();
    }
    rmSync(this.dataDir, {recursive: true, force: true});
  }
}

const browser = sharedBrowser();
const server = new TeamServer();
const api = (path: string) => `${server.url}${path.replace(/^\//, '')}`;

async function token(username: string): Promise<{accessToken: string; deviceId: string}> {
  const res = await fetch(api('/api/auth/login'), {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify({username, password: PASSWORD, deviceName: 'test runner'})});
  if (!res.ok) throw new Error(`login ${username}: ${res.status}`);
  return (await res.json()) as {accessToken: string; deviceId: string};
}
async function apiGet<T>(path: string, user = 'ada'): Promise<T> {
  const res = await fetch(api(path), {headers: {authorization: `Bearer ${(await token(user)).accessToken}`}});
  if (!res.ok) throw new Error(`GET ${path}: ${res.status}`);
  return (await res.json()) as T;
}

beforeAll(async () => {
  await server.start();
  for (const [name, role] of [['ada', 'admin'], ['pat', 'planner'], ['sam', 'surveyor'], ['sue', 'surveyor'], ['tom', 'surveyor'], ['una', 'surveyor']] as const) {
    addTeamUser(server.dataDir, name, role, TEAM, PASSWORD);
  }
}, 120_000);
afterAll(async () => {
  await server.stop();
});

const ring = (lon: number, lat = 36.9502) => [...squareRing(lon, lat, 0.0004), squareRing(lon, lat, 0.0004)[0]!];
const row = (page: Page, name: string) => page.locator('.plot-list > li').filter({hasText: name});
const pending = async (page: Page) => Number(await page.locator('[data-team-pending]').getAttribute('data-team-pending'));

/** The op ids of a push request's body (empty for any other request). */
function pushedOpIds(r: Request): string[] {
  if (!r.url().endsWith('/api/sync/push') || r.method() !== 'POST') return [];
  return ((JSON.parse(r.postData() ?? '{}') as {ops?: {opId: string}[]}).ops ?? []).map((o) => o.opId);
}

/** Every push request the context sends, with its ops' ids, in order. */
function recordPushes(context: BrowserContext): {opIds: string[][]; bytes: number[]} {
  const log = {opIds: [] as string[][], bytes: [] as number[]};
  context.on('request', (r) => {
    if (!r.url().endsWith('/api/sync/push')) return;
    log.opIds.push(pushedOpIds(r));
    log.bytes.push(r.postDataBuffer()?.length ?? 0);
  });
  return log;
}

async function signIn(context: BrowserContext, user: string): Promise<Page> {
  const page = await openOnPlotsTab(context, server.url + VIEW);
  const form = page.getByRole('form', {name: 'Team sign-in'});
  await form.getByLabel('Team account').fill(user);
  await form.getByLabel('Team passphrase').fill(PASSWORD);
  await form.getByLabel('Device name').fill(`${user}'s device`);
  await form.getByRole('button', {name: 'Team sign-in'}).click();
  await expect.poll(() => page.locator(`[data-team-user="${user}"]`).count(), {timeout: 30_000, message: `${user} signed in`}).toBe(1);
  return page;
}

async function drawAndSave(page: Page, lon: number, name: string, lat?: number) {
  await page.evaluate(() => (window as unknown as {qhMap: {jumpTo(o: object): void}}).qhMap.jumpTo({center: [101.6805, 36.9505], zoom: 17}));
  await page.getByRole('button', {name: 'New plot'}).click();
  await drawPolygon(page, ring(lon, lat).slice(0, 4));
  const form = page.getByRole('dialog', {name: 'Plot details'});
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Team').fill(TEAM);
  await form.getByLabel('Status').selectOption('remediated');
  await form.getByLabel('Completed').fill('2025-06-01');
  await form.getByRole('button', {name: 'Save'}).click();
  await expect.poll(() => row(page, name).locator('[data-save="saved"]').count(), {timeout: 20_000, message: `${name} saved`}).toBe(1);
}

/** An import file of `n` plots named `${prefix} i`, on a grid east of the view. */
function plotsFile(prefix: string, n: number, lon0 = 101.70): Buffer {
  const features = Array.from({length: n}, (_, i) => ({type: 'Feature', geometry: {type: 'Polygon', coordinates: [ring(lon0 + (i % 20) * 0.0006).map(([x, y]) => [x, y! + Math.floor(i / 20) * 0.0006])]},
    properties: {name: `${prefix} ${i}`, team: TEAM, status: 'planned', measure: 'cover-regreen'}}));
  return Buffer.from(JSON.stringify({type: 'FeatureCollection', features}));
}

async function importPlots(page: Page, prefix: string, n: number, lon0?: number) {
  await page.getByLabel('Import file').setInputFiles({name: `${prefix}.geojson`, mimeType: 'application/geo+json', buffer: plotsFile(prefix, n, lon0)});
  await page.getByRole('button', {name: `Import ${n} plots`}).click();
}

async function openRow(page: Page, name: string) {
  const button = row(page, name).locator('.plot-row');
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
}

/** Edits a plot's notes through the form; a long list is searched first (it draws only the rows in view). */
async function editNotes(page: Page, name: string, notes: string) {
  const search = page.locator('input.plot-search');
  if ((await search.count()) > 0) await search.fill(name);
  await openRow(page, name);
  await row(page, name).getByRole('button', {name: 'Edit details'}).click();
  const form = page.getByRole('dialog', {name: 'Plot details'});
  await form.locator('textarea').fill(notes);
  await form.getByRole('button', {name: 'Save'}).click();
  // The row shows the stored notes once the commit is done (its save badge said "saved" before too).
  await expect.poll(() => row(page, name).locator('.plot-team').textContent(), {timeout: 20_000, message: `${name}: notes saved`}).toContain(notes);
}

describe('team sync when things go wrong (Chromium)', () => {
  const opened: Watched[] = [];
  afterAll(async () => {
    for (const w of opened) await w.context.close();
  });

  it('an edit of a plot on the team server says "saved on this device" and counts as pending from the first frame it shows (never "on the team server" before the server acked it)', async () => {
    // The plot on the server before the phone signs in.
    const {accessToken, deviceId} = await token('pat');
    const plot = {type: 'Feature', geometry: {type: 'Polygon', coordinates: [ring(101.6792)]},
      properties: {id: 'server-plot', name: 'Server plot', zone: 'Datong', measure: 'cover-regreen', status: 'remediated', completed: '2025-05-01', team: TEAM, notes: '', updated: '2025-05-01T00:00:00.000Z'}};
    const res = await fetch(api('/api/sync/push'), {method: 'POST', headers: {'content-type': 'application/json', authorization: `Bearer ${accessToken}`},
      body: JSON.stringify({deviceId, ops: [{opId: randomUUID(), plotId: 'server-plot', kind: 'create', baseVersion: 0, changes: {}, plot}]})});
    expect(res.status, 'seed push').toBe(200);

    const a = await openWatched(browser);
    opened.push(a);
    const phone = await signIn(a.context, 'tom');
    await expect.poll(() => row(phone, 'Server plot').locator('[data-sync="server"]').count(), {timeout: 30_000, message: 'the pulled plot is on the team server'}).toBe(1);
    await a.context.setOffline(true);
    await expect.poll(() => phone.locator('[data-team-online="false"]').count(), {message: 'the phone knows it is offline'}).toBe(1);
    await openRow(phone, 'Server plot');
    // Every state the page shows from here on: the edit's notes beside a state that says the server has it is a false claim.
    await phone.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as {qhSeen: string[]}).qhSeen = seen;
      const check = () => {
        const li = document.querySelector('.plot-list > li[data-plot-id="server-plot"]');
        if (!li?.querySelector('.plot-team')?.textContent?.includes('fenced')) return;
        const save = li.querySelector('[data-save]')?.getAttribute('data-save');
        const sync = li.querySelector('[data-sync]')?.getAttribute('data-sync');
        const pending = document.querySelector('[data-team-pending]')?.getAttribute('data-team-pending');
        seen.push(`${save}/${sync}/${pending}`);
      };
      new MutationObserver(check).observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
    });
    await editNotes(phone, 'Server plot', 'fenced');
    await expect.poll(() => row(phone, 'Server plot').locator('[data-sync="device"]').count(), {timeout: 10_000, message: 'the edited plot is saved on this device'}).toBe(1);
    await expect.poll(() => pending(phone), {timeout: 10_000, message: 'one op waits'}).toBe(1);
    const seen = await phone.evaluate(() => (window as unknown as {qhSeen: string[]}).qhSeen);
    // While saving it is on this device only (nothing waits yet); once saved, one op waits.
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter((s) => s !== 'saving/device/0' && s !== 'saved/device/1')).toEqual([]);
    expect(seen.at(-1)).toBe('saved/device/1');
    await a.context.setOffline(false);
    await expect.poll(() => pending(phone), {timeout: 30_000, message: 'the edit went out'}).toBe(0);
    await expect.poll(() => row(phone, 'Server plot').locator('[data-sync="server"]').count(), {timeout: 30_000, message: 'the edit is on the team server'}).toBe(1);
    const onServer = await apiGet<{features: {properties: {id: string; notes: string}}[]}>('/api/plots.geojson');
    expect(onServer.features.find((f) => f.properties.id === 'server-plot')?.properties.notes).toBe('fenced');
    expect(a.errors).toEqual([]);
  }, 90_000);
});
