import {spawn, type ChildProcess} from 'node:child_process';
import {randomUUID} from 'node:crypto';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import Database from 'better-sqlite3';
import {readFileSync} from 'node:fs';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {BrowserContext, Page, Request} from 'playwright-core';
import {openWatched, waitForFirstIdle, type Watched} from './browser';
import {squareRing} from './field-helpers';
import {openOnPlotsTab, sharedBrowser} from './suite';
import {addTeamUser} from './team-users';
import {signInToTeam} from './team-sign-in';

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

// One login per user for the file: logins are rate-limited per address (10 a minute), and the phones sign in from 127.0.0.1 too.
const tokens = new Map<string, {accessToken: string; deviceId: string}>();
async function token(username: string): Promise<{accessToken: string; deviceId: string}> {
  const known = tokens.get(username);
  if (known) return known;
  const res = await fetch(api('/api/auth/login'), {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify({username, password: PASSWORD, deviceName: 'test runner'})});
  if (!res.ok) throw new Error(`login ${username}: ${res.status}`);
  const session = (await res.json()) as {accessToken: string; deviceId: string};
  tokens.set(username, session);
  return session;
}
async function apiGet<T>(path: string, user = 'ada'): Promise<T> {
  const res = await fetch(api(path), {headers: {authorization: `Bearer ${(await token(user)).accessToken}`}});
  if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

beforeAll(async () => {
  await server.start();
  for (const [name, role] of [['ada', 'admin'], ['pat', 'planner'], ['sam', 'surveyor'], ['sue', 'surveyor'], ['tom', 'surveyor'], ['una', 'surveyor']] as const) {
    addTeamUser(server.dataDir, name, role, TEAM, PASSWORD);
  }
  // The plot on the server before any phone signs in.
  const {accessToken, deviceId} = await token('pat');
  const plot = {type: 'Feature', geometry: {type: 'Polygon', coordinates: [ring(101.6792)]},
    properties: {id: 'server-plot', name: 'Server plot', zone: 'Datong', measure: 'cover-regreen', status: 'remediated', completed: '2025-05-01', team: TEAM, notes: '', updated: '2025-05-01T00:00:00.000Z'}};
  const res = await fetch(api('/api/sync/push'), {method: 'POST', headers: {'content-type': 'application/json', authorization: `Bearer ${accessToken}`},
    body: JSON.stringify({deviceId, ops: [{opId: randomUUID(), plotId: 'server-plot', kind: 'create', baseVersion: 0, changes: {}, plot}]})});
  if (!res.ok) throw new Error(`seed: ${res.status} ${await res.text()}`);
}, 120_000);
afterAll(async () => {
  await server.stop();
});

/** The server's op log (its SQLite file, read beside the running server). */
function opLog(): {opId: string; plotId: string; status: string}[] {
  const db = new Database(join(server.dataDir, 'team.sqlite'), {readonly: true, fileMustExist: true});
  try {
    return db.prepare('select op_id as opId, plot_id as plotId, status from ops order by seq').all() as {opId: string; plotId: string; status: string}[];
  } finally {
    db.close();
  }
}

type ServerPlots = {features: {properties: {id: string; name: string; notes: string}}[]};
const serverPlots = () => apiGet<ServerPlots>('/api/plots.geojson');

/** The page's outbox as stored in its IndexedDB (layout of src/state/persistence/outbox.ts). */
function outboxOf(page: Page): Promise<{opId: string; state: string; name: string}[]> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('qh-remediation');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const [all, stored] = await new Promise<[{opId: string; plotId: string; state: string; op: {plot?: {properties: {name: string}}}}[], {id: string; plot: {properties: {name: string}}}[]]>((resolve, reject) => {
      const tx = db.transaction(['outbox', 'plots']);
      const ops = tx.objectStore('outbox').getAll();
      const plotRecords = tx.objectStore('plots').getAll();
      tx.oncomplete = () => resolve([ops.result, plotRecords.result] as never);
      tx.onerror = () => reject(tx.error);
    });
    // An imported plot's create op refers to the stored plot instead of holding it (plot-at-version.ts).
    const plots = new Map(stored.map((p) => [p.id, p.plot]));
    db.close();
    return all.map((e) => ({opId: e.opId, state: e.state, name: (e.op.plot ?? plots.get(e.plotId)!).properties.name}));
  });
}

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

const signIn = (context: BrowserContext, user: string): Promise<Page> => signInToTeam(context, server.url + VIEW, user, PASSWORD);

/** An import file of `n` plots named `${prefix} i`, on a grid east of the view. */
function plotsFile(prefix: string, n: number, lon0 = 101.70): Buffer {
  const features = Array.from({length: n}, (_, i) => ({type: 'Feature', geometry: {type: 'Polygon', coordinates: [ring(lon0 + (i % 20) * 0.0006).map(([x, y]) => [x, y! + Math.floor(i / 20) * 0.0006])]},
    properties: {name: `${prefix} ${i}`, team: TEAM, status: 'planned', measure: 'cover-regreen'}}));
  return Buffer.from(JSON.stringify({type: 'FeatureCollection', features}));
}

/**
 * Stages an import of `n` plots (the file is read and checked: the importer's code loads now,
 * so a page without a service worker can then go offline), then `commit()` writes them.
 */
async function stageImport(page: Page, prefix: string, n: number, lon0?: number): Promise<{commit: () => Promise<void>}> {
  await page.getByLabel('Import file').setInputFiles({name: `${prefix}.geojson`, mimeType: 'application/geo+json', buffer: plotsFile(prefix, n, lon0)});
  const button = page.getByRole('button', {name: `Import ${n} plots`});
  await expect.poll(() => button.count(), {timeout: 30_000, message: `${prefix}: ${n} plots ready to import`}).toBe(1);
  return {commit: () => button.click()};
}

/** The plot's row, searched for first when the list is long (it draws only the rows in view). */
async function rowIn(page: Page, name: string) {
  const search = page.locator('input.plot-search');
  if ((await search.count()) > 0 && (await search.inputValue()) !== name) await search.fill(name);
  return row(page, name);
}
const syncCount = async (page: Page, name: string, state: string) => (await rowIn(page, name)).locator(`[data-sync="${state}"]`).count();

async function openRow(page: Page, name: string) {
  const button = (await rowIn(page, name)).locator('.plot-row');
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
}

/** Edits a plot's notes through the form; a long list is searched first (it draws only the rows in view). */
async function editNotes(page: Page, name: string, notes: string) {
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

    const a = await openWatched(browser);
    opened.push(a);
    const phone = await signIn(a.context, 'tom');
    await expect.poll(() => syncCount(phone, 'Server plot', 'server'), {timeout: 30_000, message: 'the pulled plot is on the team server'}).toBe(1);
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
    await expect.poll(() => syncCount(phone, 'Server plot', 'device'), {timeout: 10_000, message: 'the edited plot is saved on this device'}).toBe(1);
    await expect.poll(() => pending(phone), {timeout: 10_000, message: 'one op waits'}).toBe(1);
    const seen = await phone.evaluate(() => (window as unknown as {qhSeen: string[]}).qhSeen);
    // While saving it is on this device only (nothing waits yet); once saved, one op waits.
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter((s) => s !== 'saving/device/0' && s !== 'saved/device/1')).toEqual([]);
    expect(seen.at(-1)).toBe('saved/device/1');
    await a.context.setOffline(false);
    await expect.poll(() => pending(phone), {timeout: 30_000, message: 'the edit went out'}).toBe(0);
    await expect.poll(() => syncCount(phone, 'Server plot', 'server'), {timeout: 30_000, message: 'the edit is on the team server'}).toBe(1);
    const onServer = await apiGet<{features: {properties: {id: string; notes: string}}[]}>('/api/plots.geojson');
    expect(onServer.features.find((f) => f.properties.id === 'server-plot')?.properties.notes).toBe('fenced');
    expect(a.errors).toEqual([]);

    // The browser online but the team server out of reach (an isolated network whose server is
    // down): the header says so instead of "online", and says "online" again after a sync works.
    await a.context.route('**/api/sync/**', (route) => route.abort('connectionrefused'));
    await phone.locator('.team-status .sync-now').click();
    await expect.poll(() => phone.locator('.team-status [data-team-reachable="false"]').textContent(), {message: 'unreachable shown'}).toBe('Team server unreachable');
    expect(await phone.locator('.team-status [data-team-online="true"]').count()).toBe(1);
    await a.context.unroute('**/api/sync/**');
    await phone.locator('.team-status .sync-now').click();
    await expect.poll(() => phone.locator('.team-status [data-team-reachable="true"]').textContent(), {timeout: 30_000, message: 'reachable again'}).toBe('Online');
  }, 90_000);
  it('offline for the whole session (reloaded offline), then online: 200 queued edits go in one push, and "on the team server" shows only after the ack and a pull', async () => {
    const a = await openWatched(browser);
    opened.push(a);
    const pushes = recordPushes(a.context);
    const phone = await signIn(a.context, 'sam');
    await expect.poll(() => syncCount(phone, 'Server plot', 'server'), {timeout: 30_000, message: 'signed in and pulled'}).toBe(1);
    await expect.poll(() => phone.locator('[data-offline-ready]').count(), {timeout: 30_000, message: 'the app is installed for offline use'}).toBe(1);
    // The whole session offline: the app comes from the service worker, the session from the device.
    await a.context.setOffline(true);
    await phone.reload();
    await waitForFirstIdle(phone);
    expect(await phone.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    await phone.getByRole('tab', {name: 'Plots'}).click();
    await expect.poll(() => phone.locator('[data-team-user="sam"]').count(), {timeout: 20_000, message: 'the reloaded page is still signed in'}).toBe(1);
    // Chromium 150's offline emulation does not reach the reloaded document: its navigator.onLine
    // reads true while every request fails (checked 2026-12-04). Set again once the page
    // listens, it does, with the 'offline' event a real loss of signal fires. (Setting true twice is a no-op, hence the toggle.)
    await a.context.setOffline(false);
    await a.context.setOffline(true);
    await expect.poll(() => phone.locator('[data-team-online="false"]').count(), {message: 'the reloaded page knows it is offline'}).toBe(1);
    await (await stageImport(phone, 'Offline', 200)).commit();
    await expect.poll(() => pending(phone), {timeout: 60_000, message: '200 ops queued'}).toBe(200);
    expect(pushes.opIds).toEqual([]);
    const queued = await outboxOf(phone);
    expect(queued.filter((e) => e.state === 'queued' && e.name.startsWith('Offline '))).toHaveLength(200);

    // The pull is held: after the push's answer the plots are "sent", not yet "on the team server".
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await a.context.route('**/api/sync/pull*', async (route) => {
      await held;
      await route.continue().catch(() => undefined);
    });
    await a.context.setOffline(false);
    await expect.poll(() => syncCount(phone, 'Offline 199', 'sent'), {timeout: 30_000, message: 'the push was answered'}).toBe(1);
    // 111 of the 200 rows (Offline 1, 10–19, 100–199): each sent, none yet claimed on the team server.
    await phone.locator('input.plot-search').fill('Offline 1');
    await expect.poll(() => phone.locator('.plot-list > li').count(), {message: 'the search shows them'}).toBe(111);
    expect(await phone.locator('.plot-list > li [data-sync="sent"]').count()).toBe(111);
    expect(await pending(phone)).toBe(0);
    expect(pushes.opIds).toHaveLength(1);
    expect(new Set(pushes.opIds[0])).toEqual(new Set(queued.map((e) => e.opId)));
    release();
    await expect.poll(() => syncCount(phone, 'Offline 199', 'server'), {timeout: 30_000, message: 'pulled: on the team server'}).toBe(1);
    await expect.poll(async () => (await outboxOf(phone)).length, {timeout: 30_000, message: 'the outbox settled'}).toBe(0);
    await a.context.unroute('**/api/sync/pull*');

    const log = opLog().filter((o) => queued.some((q) => q.opId === o.opId));
    expect(log).toHaveLength(200);
    expect(log.every((o) => o.status === 'applied')).toBe(true);
    const names = new Set((await serverPlots()).features.map((f) => f.properties.name));
    for (let i = 0; i < 200; i++) expect(names.has(`Offline ${i}`)).toBe(true);
    expect(pushes.opIds).toHaveLength(1);
    expect(a.errors).toEqual([]);
    await a.context.close();
  }, 90_000);

  it('the tab closed in the middle of a sync and reopened: the rest of the outbox goes out, nothing acknowledged is sent again, each opId is in the op log once', async () => {
    const a = await openWatched(browser, {serviceWorkers: 'block'});
    opened.push(a);
    const pushes = recordPushes(a.context);
    const phone = await signIn(a.context, 'sue');
    await expect.poll(() => syncCount(phone, 'Server plot', 'server'), {timeout: 30_000, message: 'signed in and pulled'}).toBe(1);
    const staged = await stageImport(phone, 'Closed', 20, 101.72);
    await a.context.setOffline(true);
    await expect.poll(() => phone.locator('[data-team-online="false"]').count(), {message: 'offline'}).toBe(1);
    await staged.commit();
    await expect.poll(() => pending(phone), {timeout: 30_000, message: '20 ops queued'}).toBe(20);
    const first = (await outboxOf(phone)).map((e) => e.opId);

    // Push 1 waits until the test lets it go; push 2 reaches the server, whose answer never comes back: the tab closes meanwhile.
    let letFirstGo!: () => void;
    const firstMayGo = new Promise<void>((r) => (letFirstGo = r));
    let secondArrived!: () => void;
    const secondCommitted = new Promise<void>((r) => (secondArrived = r));
    let n = 0;
    await a.context.route('**/api/sync/push', async (route) => {
      n++;
      if (n === 1) {
        await firstMayGo;
        await route.continue().catch(() => undefined);
      } else if (n === 2) {
        const response = await route.fetch();
        expect(response.status()).toBe(200);
        secondArrived();
        // No reply: the page is closed while it waits.
      } else await route.continue().catch(() => undefined);
    });
    await a.context.setOffline(false);
    await expect.poll(() => n, {timeout: 30_000, message: 'push 1 is on its way'}).toBe(1);
    // An edit made while push 1 is out: it waits for the next push of the same run.
    await editNotes(phone, 'Server plot', 'edited mid-sync');
    const edit = (await outboxOf(phone)).find((e) => !first.includes(e.opId))!;
    expect(edit.state).toBe('queued');
    letFirstGo();
    await Promise.race([secondCommitted, new Promise((_, reject) => setTimeout(() => reject(new Error('push 2 did not reach the server in 30 s')), 30_000))]);
    expect(pushes.opIds.slice(0, 2)).toEqual([first, [edit.opId]]);
    await phone.close();
    await a.context.unroute('**/api/sync/push');
    // What the device kept: push 1's ops acknowledged (sent), the edit still queued.
    const before = pushes.opIds.length;
    const again = await openOnPlotsTab(a.context, server.url + VIEW);
    await expect.poll(() => pending(again), {timeout: 30_000, message: 'the reopened tab sent the rest'}).toBe(0);
    await expect.poll(async () => (await outboxOf(again)).length, {timeout: 30_000, message: 'the outbox settled'}).toBe(0);
    const resent = pushes.opIds.slice(before).flat();
    expect(resent).toEqual([edit.opId]);

    const log = opLog().filter((o) => [...first, edit.opId].includes(o.opId));
    expect(log.map((o) => o.opId).sort()).toEqual([...first, edit.opId].sort());
    expect(new Set(log.map((o) => o.opId)).size).toBe(21);
    const plots = await serverPlots();
    expect(plots.features.filter((f) => f.properties.name.startsWith('Closed '))).toHaveLength(20);
    expect(plots.features.find((f) => f.properties.id === 'server-plot')?.properties.notes).toBe('edited mid-sync');
    await openRow(again, 'Server plot');
    await expect.poll(() => syncCount(again, 'Server plot', 'server'), {timeout: 30_000, message: 'the edit is on the team server'}).toBe(1);
    expect(a.errors).toEqual([]);
    await a.context.close();
  }, 90_000);

  it('the server SIGKILLed after committing a push, before its answer, and restarted: the phone retries and ends as if nothing had happened', async () => {
    // Restarted to die right after the next op it commits (src/server/main.ts, for this test only).
    await server.kill();
    await server.start({TEAM_SERVER_TEST_KILL_AFTER_COMMITS: '1'});
    const a = await openWatched(browser, {serviceWorkers: 'block'});
    opened.push(a);
    const pushes = recordPushes(a.context);
    const phone = await signIn(a.context, 'tom');
    await expect.poll(() => syncCount(phone, 'Server plot', 'server'), {timeout: 30_000, message: 'signed in and pulled'}).toBe(1);
    const staged = await stageImport(phone, 'Killed', 5, 101.74);
    await a.context.setOffline(true);
    await expect.poll(() => phone.locator('[data-team-online="false"]').count(), {message: 'offline'}).toBe(1);
    await staged.commit();
    await expect.poll(() => pending(phone), {timeout: 30_000, message: '5 ops queued'}).toBe(5);
    const ops = (await outboxOf(phone)).map((e) => e.opId);

    await a.context.setOffline(false);
    const how = await Promise.race([server.exited(), new Promise((_, reject) => setTimeout(() => reject(new Error('the server was not killed within 30 s of the push')), 30_000))]);
    expect(how).toBe('SIGKILL');
    // Committed before it died: the push's ops are in the op log, though the phone never heard so.
    expect(opLog().filter((o) => ops.includes(o.opId))).toHaveLength(5);
    expect(await pending(phone)).toBe(5);
    await server.start();
    await expect.poll(() => pending(phone), {timeout: 60_000, message: 'the phone retried after the restart'}).toBe(0);
    await expect.poll(async () => (await outboxOf(phone)).length, {timeout: 30_000, message: 'the outbox settled'}).toBe(0);
    expect(pushes.opIds.length).toBeGreaterThanOrEqual(2);
    expect(pushes.opIds.every((ids) => JSON.stringify(ids) === JSON.stringify(ops))).toBe(true);

    const log = opLog().filter((o) => ops.includes(o.opId));
    expect(log.map((o) => o.opId).sort()).toEqual([...ops].sort());
    expect(log.every((o) => o.status === 'applied')).toBe(true);
    // The same plots and total as the server's.
    const tally = await apiGet<{plots: number; remediatedMu: number}>('/api/tally', 'pat');
    await phone.getByRole('button', {name: 'Sync now'}).first().click();
    await expect.poll(async () => (await outboxOf(phone)).length, {timeout: 30_000}).toBe(0);
    const ids = await phone.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const r = indexedDB.open('qh-remediation');
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      const all = await new Promise<{id: string; deleted: boolean}[]>((resolve) => {
        const q = db.transaction('plots').objectStore('plots').getAll();
        q.onsuccess = () => resolve(q.result as never);
      });
      db.close();
      return all.filter((p) => !p.deleted).map((p) => p.id).sort();
    });
    expect(ids).toEqual((await serverPlots()).features.map((f) => f.properties.id).sort());
    expect(ids).toHaveLength(tally.plots);
    await expect.poll(async () => (await phone.getByTestId('remediated-mu').textContent())?.replace(/\s+/g, ' '), {timeout: 20_000}).toContain(`${tally.remediatedMu.toFixed(1)} mu`);
    await a.context.close();
  }, 90_000);

  it('a revoked device: its push is refused (403) and kept aside, the page says it was revoked, and the unsent edit stays on the device and is exported', async () => {
    const a = await openWatched(browser, {serviceWorkers: 'block', acceptDownloads: true});
    opened.push(a);
    const pushes = recordPushes(a.context);
    // The live stream is not under test here: without it, the push is the first request after the revocation.
    await a.context.route('**/api/sync/events', (route) => route.abort());
    const phone = await signIn(a.context, 'una');
    await expect.poll(() => syncCount(phone, 'Server plot', 'server'), {timeout: 30_000, message: 'signed in and pulled'}).toBe(1);
    await a.context.setOffline(true);
    await expect.poll(() => phone.locator('[data-team-online="false"]').count(), {message: 'offline'}).toBe(1);
    await editNotes(phone, 'Server plot', 'kept on the revoked phone');
    await expect.poll(() => pending(phone), {timeout: 10_000, message: 'one op waits'}).toBe(1);
    const [edit] = await outboxOf(phone);

    const {accessToken} = await token('ada');
    const {devices} = await apiGet<{devices: {deviceId: string; name: string; user: string; revoked: boolean}[]}>('/api/admin/devices');
    const device = devices.find((d) => d.name === "una's device")!;
    const revoke = await fetch(api(`/api/admin/devices/${device.deviceId}/revoke`), {method: 'POST', headers: {authorization: `Bearer ${accessToken}`}});
    expect(revoke.ok).toBe(true);

    const refused = phone.waitForResponse((r) => r.url().endsWith('/api/sync/push'), {timeout: 30_000});
    await a.context.setOffline(false);
    const response = await refused;
    expect(response.status()).toBe(403);
    expect(await response.json()).toEqual({error: 'device-revoked'});
    const alert = phone.locator('.team-revoked');
    await expect.poll(() => alert.textContent(), {timeout: 20_000, message: 'the page says the device was revoked'}).toContain('An admin revoked this device');
    expect(pushes.opIds).toEqual([[edit!.opId]]);
    // Kept aside on the server, never applied.
    const quarantine = await apiGet<{ops: {deviceId: string; op: {opId: string}}[]}>('/api/admin/quarantine');
    expect(quarantine.ops.filter((q) => q.op.opId === edit!.opId)).toHaveLength(1);
    expect(opLog().some((o) => o.opId === edit!.opId)).toBe(false);
    expect((await serverPlots()).features.find((f) => f.properties.id === 'server-plot')?.properties.notes).not.toBe('kept on the revoked phone');
    // Still on the device, and exported.
    expect((await outboxOf(phone)).map((e) => e.opId)).toEqual([edit!.opId]);
    const [download] = await Promise.all([phone.waitForEvent('download', {timeout: 20_000}), alert.getByRole('button', {name: 'Export unsent edits'}).click()]);
    const text = readFileSync((await download.path())!, 'utf8');
    const exported = JSON.parse(text) as {kind: string; user: string; ops: {state: string; op: {opId: string; changes: {notes?: {to: string}}}}[]};
    expect(exported.kind).toBe('qh-remediation-unsent-ops');
    expect(exported.user).toBe('una');
    expect(exported.ops.map((o) => [o.op.opId, o.op.changes.notes?.to])).toEqual([[edit!.opId, 'kept on the revoked phone']]);
    // Signed in still shows the user; no further pushes after the refusal.
    await openRow(phone, 'Server plot');
    expect(await row(phone, 'Server plot').locator('.plot-team').textContent()).toContain('kept on the revoked phone');
    expect(pushes.opIds).toHaveLength(1);
    await a.context.close();
  }, 90_000);
});
