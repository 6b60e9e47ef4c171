import {randomBytes, randomUUID} from 'node:crypto';
import pg from 'pg';
import type {StoredPlot} from '../../../sync/apply-op';
import type {PlotChange, PullResponse, Role, SyncPlot} from '../../../sync/protocol';
import {MIGRATIONS, MIGRATIONS_TABLE} from '../migrations';
import type {SharedKind, SharedListResponse} from '../../../sync/shared-protocol';
import {conflictOf, opOf, pageOf, sharedOf} from '../sqlite/sqlite-store';
import type {DeviceRecord, OpRecord, PhotoPartResult, PhotoUploadState, QuarantinedOp, Store, SyncTx, UserRecord} from '../store';

type Row = Record<string, unknown>;
const same = (v: unknown): unknown => v;

const userOf = (r: Row): UserRecord => ({
  id: r.id as string, name: r.name as string, role: r.role as Role, team: (r.team as string | null) ?? null,
  passwordHash: r.password_hash as string, disabled: Boolean(r.disabled), createdAt: new Date(r.created_at as string).toISOString(),
});
const deviceOf = (r: Row): DeviceRecord => ({
  id: r.id as string, userId: r.user_id as string, name: r.name as string, refreshHash: r.refresh_hash as string,
  revoked: Boolean(r.revoked), createdAt: new Date(r.created_at as string).toISOString(),
});

// bigint columns (seq) come back as text by default; they stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));

/**
 * PostgreSQL + PostGIS: plots carry a geometry(MultiPolygon, 4490) column with a GiST index
 * (QGIS opens the table or the plots_live view directly) beside the plot as jsonb. The
 * sequence is a counter row locked by `select … for update` as each sync transaction's first
 * statement: PostgreSQL sequences leave gaps on rollback, and the lock makes commits happen
 * in sequence order.
 */
export class PostgresStore implements Store {
  readonly kind = 'postgres' as const;
  readonly pool: pg.Pool;

  private constructor(url: string, schema: string | null) {
    this.pool = new pg.Pool({connectionString: url, max: 8, ...(schema ? {options: `-c search_path=${schema},public`} : {})});
    // An idle connection dropped by a database restart must not end the server; the next query reconnects.
    this.pool.on('error', (e) => process.stderr.write(`postgres: idle connection lost: ${e.message}\n`));
  }

  /** Opens and migrates; `schema` puts the tables in their own schema (the tests use one each). */
  static async open(url: string, schema: string | null = null): Promise<PostgresStore> {
    if (schema !== null && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`bad schema name ${schema}`);
    if (schema) {
      const admin = new pg.Client({connectionString: url});
      await admin.connect();
      await admin.query(`create schema if not exists ${schema}`).finally(() => admin.end());
    }
    const store = new PostgresStore(url, schema);
    await store.migrate();
    return store;
  }

  private async migrate(): Promise<void> {
    const client = await this.pool.connect();
    try {
      // Two servers starting at once must not both migrate.
      await client.query('select pg_advisory_lock(4490013)');
      // Creating PostGIS needs a superuser (README: `create extension postgis` as postgres).
      const postgis = await client.query(`select 1 from pg_extension where extname = 'postgis'`);
      if (postgis.rowCount === 0) await client.query('create extension postgis');
      await client.query(MIGRATIONS_TABLE.postgres);
      const done = new Set((await client.query('select version from schema_migrations')).rows.map((r: Row) => Number(r.version)));
      for (const m of MIGRATIONS) {
        if (done.has(m.version)) continue;
        await client.query('begin');
        try {
          await client.query(m.sql.postgres);
          await client.query('insert into schema_migrations (version, name, applied_at) values ($1, $2, $3)', [m.version, m.name, new Date().toISOString()]);
          await client.query('commit');
        } catch (e) {
          await client.query('rollback');
          throw e;
        }
      }
    } finally {
      await client.query('select pg_advisory_unlock(4490013)').catch(() => undefined);
      client.release();
    }
  }

  private async one(sql: string, params: unknown[] = []): Promise<Row | null> {
    return ((await this.pool.query(sql, params)).rows[0] as Row | undefined) ?? null;
  }

  async syncTransaction<T>(fn: (tx: SyncTx) => Promise<T>): Promise<T> {
    return (await this.syncBatch([fn]))[0]!;
  }

  async syncBatch<T>(steps: readonly ((tx: SyncTx) => Promise<T>)[]): Promise<T[]> {
    const client = await this.pool.connect();
    const q = async (sql: string, params: unknown[] = []): Promise<Row[]> => (await client.query(sql, params)).rows as Row[];
    try {
      await client.query('begin');
      await q('select value from counter where id = 1 for update');
      const tx: SyncTx = {
        findOp: async (opId) => {
          const r = (await q('select * from ops where op_id = $1', [opId]))[0];
          return r ? opOf(r, same) : null;
        },
        getPlot: async (plotId) => {
          const r = (await q('select version, deleted, plot from plots where id = $1', [plotId]))[0];
          return r ? ({plot: r.plot, version: Number(r.version), deleted: Boolean(r.deleted)} as StoredPlot) : null;
        },
        nextSeq: async () => Number((await q('update counter set value = value + 1 where id = 1 returning value'))[0]!.value),
        putPlot: async (plotId, plot, version, deleted, seq) => {
          const p = plot.properties;
          await q(`insert into plots (id, version, deleted, seq, name, zone, measure, status, completed, team, notes, updated, geom, plot)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($13), 4490)), $14)
            on conflict (id) do update set version = excluded.version, deleted = excluded.deleted, seq = excluded.seq, name = excluded.name,
            zone = excluded.zone, measure = excluded.measure, status = excluded.status, completed = excluded.completed, team = excluded.team,
            notes = excluded.notes, updated = excluded.updated, geom = excluded.geom, plot = excluded.plot`,
          [plotId, version, deleted, seq, p.name, p.zone, p.measure, p.status, p.completed, p.team, p.notes, p.updated, JSON.stringify(plot.geometry), JSON.stringify(plot)]);
        },
        insertOp: async (op) => {
          await q(`insert into ops (op_id, seq, plot_id, kind, user_id, device_id, received_at, status, version, conflict_id, reason, body)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
          [op.opId, op.seq, op.plotId, op.kind, op.userId, op.deviceId, op.receivedAt, op.status, op.version, op.conflictId, op.reason, JSON.stringify(op.body)]);
        },
        insertConflict: async (c) => {
          await q('insert into conflicts (id, seq, plot_id, op_id, reason, fields, user_name, device_id, created_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
            [c.conflictId, c.seq, c.plotId, c.opId, c.reason, JSON.stringify(c.fields), c.user, c.deviceId, c.createdAt]);
        },
        getConflict: async (id) => {
          const r = (await q('select * from conflicts where id = $1', [id]))[0];
          return r ? conflictOf(r, same) : null;
        },
        resolveConflict: async (id, by, opId, seq) => {
          await q('update conflicts set resolved = true, resolved_by = $1, resolved_op = $2, seq = $3 where id = $4', [by, opId, seq, id]);
        },
        missingPhotos: async (hashes) => {
          if (hashes.length === 0) return [];
          const present = new Set((await q('select sha256 from photos where sha256 = any($1) union select sha256 from photo_thumbnails where sha256 = any($1)', [hashes])).map((r) => r.sha256 as string));
          return hashes.filter((h) => !present.has(h));
        },
        getShared: async (kind, id) => {
          const r = (await q('select * from shared_records where kind = $1 and id = $2', [kind, id]))[0];
          return r ? sharedOf(r, same) : null;
        },
        putShared: async (rec) => {
          await q(`insert into shared_records (kind, id, version, deleted, seq, data, updated_by, updated_at) values ($1, $2, $3, $4, $5, $6, $7, $8)
            on conflict (kind, id) do update set version = excluded.version, deleted = excluded.deleted, seq = excluded.seq,
            data = excluded.data, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
          [rec.kind, rec.id, rec.version, rec.deleted, rec.seq, JSON.stringify(rec.data), rec.updatedBy, rec.updatedAt]);
        },
      };
      const results: T[] = [];
      let failure: {error: unknown} | null = null;
      for (const step of steps) {
        await client.query('savepoint op');
        try {
          results.push(await step(tx));
          await client.query('release savepoint op');
        } catch (error) {
          await client.query('rollback to savepoint op');
          await client.query('release savepoint op');
          failure = {error};
          break;
        }
      }
      await client.query('commit');
      if (failure) throw failure.error;
      return results;
    } catch (e) {
      await client.query('rollback').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }

  async pull(since: number, limit: number): Promise<PullResponse> {
    const client = await this.pool.connect();
    try {
      // One snapshot: the counter and the rows agree.
      await client.query('begin isolation level repeatable read read only');
      const cursorNow = Number((await client.query('select value from counter where id = 1')).rows[0].value);
      const plots = (await client.query('select id, version, deleted, seq, plot from plots where seq > $1 order by seq limit $2', [since, limit])).rows
        .map((r: Row): PlotChange => ({seq: Number(r.seq), plotId: r.id as string, version: Number(r.version), deleted: Boolean(r.deleted), plot: r.plot as SyncPlot}));
      const conflicts = (await client.query('select * from conflicts where seq > $1 order by seq limit $2', [since, limit])).rows.map((r: Row) => conflictOf(r, same));
      await client.query('commit');
      return pageOf(plots, conflicts, limit, cursorNow);
    } catch (e) {
      await client.query('rollback').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }

  async livePlots(): Promise<SyncPlot[]> {
    return (await this.pool.query('select plot from plots where not deleted order by id collate "C"')).rows.map((r: Row) => r.plot as SyncPlot);
  }

  async currentSeq(): Promise<number> {
    return Number((await this.one('select value from counter where id = 1'))!.value);
  }

  async listShared<K extends SharedKind>(kind: K, since: number): Promise<SharedListResponse<K>> {
    const client = await this.pool.connect();
    try {
      await client.query('begin isolation level repeatable read read only');
      const cursor = Number((await client.query('select value from counter where id = 1')).rows[0].value);
      const rows = (await client.query(`select * from shared_records where kind = $1 and seq > $2 ${since > 0 ? '' : 'and not deleted'} order by seq`, [kind, since])).rows as Row[];
      await client.query('commit');
      return {records: rows.map((r) => sharedOf<K>(r, same)), cursor};
    } catch (e) {
      await client.query('rollback').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }

  async opLog(): Promise<OpRecord[]> {
    return (await this.pool.query('select * from ops order by position')).rows.map((r: Row) => opOf(r, same));
  }

  async addUser(user: {name: string; role: Role; team: string | null; passwordHash: string}): Promise<UserRecord> {
    const r = await this.one('insert into users (id, name, role, team, password_hash, created_at) values ($1, $2, $3, $4, $5, now()) returning *',
      [randomUUID(), user.name, user.role, user.team, user.passwordHash]);
    return userOf(r!);
  }

  async userByName(name: string) {
    const r = await this.one('select * from users where name = $1', [name]);
    return r ? userOf(r) : null;
  }

  async userById(id: string) {
    const r = await this.one('select * from users where id = $1', [id]);
    return r ? userOf(r) : null;
  }

  async listUsers() {
    return (await this.pool.query('select * from users order by name')).rows.map(userOf);
  }

  async setUserDisabled(name: string, disabled: boolean) {
    return ((await this.pool.query('update users set disabled = $1 where name = $2', [disabled, name])).rowCount ?? 0) > 0;
  }

  async revokeDevices(name: string) {
    return (await this.pool.query('update devices set revoked = true where not revoked and user_id = (select id from users where name = $1)', [name])).rowCount ?? 0;
  }

  async countActiveAdmins() {
    return Number((await this.one(`select count(*) n from users where role = 'admin' and not disabled`))!.n);
  }

  async addDevice(device: {userId: string; name: string; refreshHash: string}): Promise<DeviceRecord> {
    const r = await this.one('insert into devices (id, user_id, name, refresh_hash, created_at) values ($1, $2, $3, $4, now()) returning *',
      [randomUUID(), device.userId, device.name, device.refreshHash]);
    return deviceOf(r!);
  }

  async deviceById(id: string) {
    const r = await this.one('select * from devices where id = $1', [id]);
    return r ? deviceOf(r) : null;
  }

  async deviceByRefreshHash(hash: string) {
    const r = await this.one('select * from devices where refresh_hash = $1', [hash]);
    return r ? deviceOf(r) : null;
  }

  async listDevices() {
    return (await this.pool.query('select * from devices order by created_at, id')).rows.map(deviceOf);
  }

  async revokeDevice(id: string) {
    return ((await this.pool.query('update devices set revoked = true where id = $1', [id])).rowCount ?? 0) > 0;
  }

  async quarantine(ops: readonly QuarantinedOp[]) {
    if (ops.length === 0) return;
    await this.pool.query('insert into quarantine (device_id, user_id, received_at, body) select * from unnest($1::text[], $2::text[], $3::timestamptz[], $4::jsonb[])',
      [ops.map((o) => o.deviceId), ops.map((o) => o.userId), ops.map((o) => o.receivedAt), ops.map((o) => JSON.stringify(o.op))]);
  }

  async quarantined() {
    return (await this.pool.query('select * from quarantine order by id')).rows
      .map((r: Row) => ({deviceId: r.device_id as string, userId: r.user_id as string, receivedAt: new Date(r.received_at as string).toISOString(), op: r.body}));
  }

  async putPhoto(sha256: string, bytes: Uint8Array, contentType: string, userId: string): Promise<'stored' | 'exists'> {
    // One statement, so the photo and the end of its part are one commit.
    const r = await this.one(`with kept as (insert into photos (sha256, bytes, size, content_type, user_id, created_at) values ($1, $2, $3, $4, $5, now()) on conflict do nothing returning 1),
      dropped as (delete from photo_parts where sha256 = $1) select count(*)::int as n from kept`,
      [sha256, Buffer.from(bytes), bytes.byteLength, contentType, userId]);
    return Number(r!.n) > 0 ? 'stored' : 'exists';
  }

  async putThumbnail(sha256: string, bytes: Uint8Array, contentType: string, userId: string): Promise<'stored' | 'exists'> {
    const r = await this.pool.query('insert into photo_thumbnails (sha256, bytes, size, content_type, user_id, created_at) values ($1, $2, $3, $4, $5, now()) on conflict do nothing',
      [sha256, Buffer.from(bytes), bytes.byteLength, contentType, userId]);
    return (r.rowCount ?? 0) > 0 ? 'stored' : 'exists';
  }

  async getThumbnail(sha256: string) {
    const r = await this.one('select bytes, content_type from photo_thumbnails where sha256 = $1', [sha256]);
    return r ? {bytes: new Uint8Array(r.bytes as Buffer), contentType: r.content_type as string} : null;
  }

  async photoUploadState(sha256: string): Promise<PhotoUploadState> {
    const full = await this.one('select size from photos where sha256 = $1', [sha256]);
    if (full) return {complete: true, offset: Number(full.size), total: Number(full.size)};
    const part = await this.one('select octet_length(bytes) as n, total from photo_parts where sha256 = $1', [sha256]);
    return {complete: false, offset: part ? Number(part.n) : 0, total: part ? Number(part.total) : null};
  }

  async appendPhotoPart(sha256: string, part: {offset: number; chunk: Uint8Array; total: number; contentType: string; userId: string}): Promise<PhotoPartResult> {
    const chunk = Buffer.from(part.chunk);
    let row: Row | null;
    if (part.offset === 0) {
      row = await this.one(`insert into photo_parts (sha256, bytes, total, content_type, user_id, updated_at) values ($1, $2, $3, $4, $5, now())
        on conflict (sha256) do update set bytes = excluded.bytes, total = excluded.total, content_type = excluded.content_type, user_id = excluded.user_id, updated_at = now()
        returning octet_length(bytes) as n`, [sha256, chunk, part.total, part.contentType, part.userId]);
    } else {
      // Appends only where the part ends now, so two uploads of one hash cannot interleave.
      row = await this.one(`update photo_parts set bytes = bytes || $2, updated_at = now()
        where sha256 = $1 and octet_length(bytes) = $3 and total = $4 returning octet_length(bytes) as n`, [sha256, chunk, part.offset, part.total]);
      if (!row) {
        const have = await this.one('select octet_length(bytes) as n, total from photo_parts where sha256 = $1', [sha256]);
        return {status: 'offset-mismatch', offset: have && Number(have.total) === part.total ? Number(have.n) : 0};
      }
    }
    const n = Number(row!.n);
    if (n < part.total) return {status: 'appended', offset: n};
    const whole = await this.one('select bytes, content_type from photo_parts where sha256 = $1', [sha256]);
    return {status: 'complete', bytes: new Uint8Array(whole!.bytes as Buffer), contentType: whole!.content_type as string};
  }

  async dropPhotoPart(sha256: string): Promise<void> {
    await this.pool.query('delete from photo_parts where sha256 = $1', [sha256]);
  }

  async getPhoto(sha256: string) {
    const r = await this.one('select bytes, content_type from photos where sha256 = $1', [sha256]);
    return r ? {bytes: new Uint8Array(r.bytes as Buffer), contentType: r.content_type as string} : null;
  }

  async secret(): Promise<Buffer> {
    await this.pool.query(`insert into meta (key, value) values ('token-secret', $1) on conflict do nothing`, [randomBytes(32).toString('base64')]);
    return Buffer.from((await this.one(`select value from meta where key = 'token-secret'`))!.value as string, 'base64');
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
