import {randomUUID} from 'node:crypto';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import type {FastifyInstance} from 'fastify';
import {hashPassword} from '../auth/passwords';
import {PostgresStore} from '../store/postgres/postgres-store';
import {SqliteStore} from '../store/sqlite/sqlite-store';
import type {Store} from '../store/store';
import type {Role, SyncOp, SyncPlot} from '../../sync/protocol';

/** The PostgreSQL the suites run against (CI sets TEST_DATABASE_URL in .ci/run). */
export const PG_URL = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || '';

/** A fresh store; `reopen` closes it and opens the same database again (a server restart). */
export type OpenedStore = {store: Store; reopen: () => Promise<Store>; cleanup: () => Promise<void>};
export type StoreCase = {readonly name: 'sqlite' | 'postgres'; readonly open: () => Promise<OpenedStore>};

export const STORE_CASES: readonly StoreCase[] = [
  {
    name: 'sqlite',
    open: async () => {
      const dir = mkdtempSync(join(tmpdir(), 'team-server-'));
      let store = new SqliteStore(join(dir, 'team.sqlite'));
      return {store, reopen: async () => {
        await store.close();
        return (store = new SqliteStore(join(dir, 'team.sqlite')));
      }, cleanup: async () => {
        await store.close();
        rmSync(dir, {recursive: true, force: true});
      }};
    },
  },
  {
    name: 'postgres',
    open: async () => {
      const schema = `t_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
      let store = await PostgresStore.open(PG_URL, schema);
      return {store, reopen: async () => {
        await store.close();
        return (store = await PostgresStore.open(PG_URL, schema));
      }, cleanup: async () => {
        await store.pool.query(`drop schema ${schema} cascade`);
        await store.close();
      }};
    },
  },
];

let warned = false;
/** The store cases to run: PostgreSQL only when a database URL is set, saying so when not. */
export function storeCases(): readonly StoreCase[] {
  if (!PG_URL && !warned) {
    warned = true;
    console.warn('[team server tests] TEST_DATABASE_URL is not set: the PostgreSQL cases are SKIPPED (.ci/run sets it).');
  }
  return STORE_CASES.filter((c) => c.name === 'sqlite' || PG_URL);
}

/** A cheap scrypt cost for test users (the real default is N=2^17). */
export const addTestUser = async (store: Store, name: string, role: Role, team: string | null = null, password = 'password-123') =>
  store.addUser({name, role, team, passwordHash: await hashPassword(password, {N: 1024})});

export const square = (lon: number, lat: number, d = 0.002) => ({
  type: 'Polygon' as const,
  coordinates: [[[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]]],
});

export function testPlot(id: string, team = 'team-a', over: Partial<SyncPlot['properties']> = {}, geometry = square(101.68, 36.95)): SyncPlot {
  return {
    type: 'Feature',
    geometry,
    properties: {id, name: `plot ${id}`, zone: 'datong-subsidence-qiaotou-north', measure: 'cover-regreen', status: 'planned', completed: null,
      team, notes: '', updated: '2025-06-01T00:00:00.000Z', ...over},
  };
}

export const createOp = (plot: SyncPlot): SyncOp => ({opId: randomUUID(), plotId: plot.properties.id, kind: 'create', baseVersion: 0, changes: {}, plot});

export function updateOp(seen: SyncPlot, props: Partial<SyncPlot['properties']>, baseVersion = 1): SyncOp {
  const changes: SyncOp['changes'] = {};
  for (const [k, v] of Object.entries(props)) changes[k as keyof SyncOp['changes']] = {from: (seen.properties as Record<string, unknown>)[k] ?? (k === 'photos' ? [] : undefined), to: v};
  return {opId: randomUUID(), plotId: seen.properties.id, kind: 'update', baseVersion, changes, plot: {...seen, properties: {...seen.properties, ...props}}};
}

export type Client = {
  readonly token: string;
  readonly refreshToken: string;
  readonly deviceId: string;
  push(ops: readonly SyncOp[]): Promise<{statusCode: number; body: {results?: {opId: string; status: string; version: number | null; conflictId: string | null; reason: string | null}[]; error?: string}}>;
  get<T = Record<string, unknown>>(url: string): Promise<{statusCode: number; body: T}>;
};

/** Logs in over HTTP (inject: no socket) and returns a small client. */
export async function login(app: FastifyInstance, username: string, password = 'password-123', deviceName = 'test device'): Promise<Client> {
  const res = await app.inject({method: 'POST', url: '/api/auth/login', payload: {username, password, deviceName}});
  if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
  const {accessToken, refreshToken, deviceId} = res.json() as {accessToken: string; refreshToken: string; deviceId: string};
  const auth = {authorization: `Bearer ${accessToken}`};
  return {
    token: accessToken,
    refreshToken,
    deviceId,
    push: async (ops) => {
      const r = await app.inject({method: 'POST', url: '/api/sync/push', headers: auth, payload: {deviceId, ops}});
      return {statusCode: r.statusCode, body: r.json()};
    },
    get: async <T,>(url: string) => {
      const r = await app.inject({method: 'GET', url, headers: auth});
      return {statusCode: r.statusCode, body: (r.headers["content-type"]?.toString().includes("json") ? r.json() : r.body) as T};
    },
  };
}
