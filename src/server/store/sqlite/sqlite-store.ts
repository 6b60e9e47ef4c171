import {randomBytes, randomUUID} from 'node:crypto';
import {mkdirSync} from 'node:fs';
import {dirname} from 'node:path';
import Database from 'better-sqlite3';
import type {StoredPlot} from '../../../sync/apply-op';
import type {Conflict, PlotChange, PullResponse, Role, SyncPlot} from '../../../sync/protocol';
import type {SharedKind, SharedListResponse, SharedRecord} from '../../../sync/shared-protocol';
import {MIGRATIONS, MIGRATIONS_TABLE} from '../migrations';
import type {DeviceRecord, OpRecord, PhotoPartResult, PhotoUploadState, QuarantinedOp, Store, SyncTx, UserRecord} from '../store';

type Row = Record<string, unknown>;

const userOf = (r: Row): UserRecord => ({
  id: r.id as string, name: r.name as string, role: r.role as Role, team: (r.team as string | null) ?? null,
  passwordHash: r.password_hash as string, disabled: Boolean(r.disabled), createdAt: r.created_at as string,
});
const deviceOf = (r: Row): DeviceRecord => ({
  id: r.id as string, userId: r.user_id as string, name: r.name as string, refreshHash: r.refresh_hash as string,
  revoked: Boolean(r.revoked), createdAt: r.created_at as string,
});
export const conflictOf = (r: Row, parse: (v: unknown) => unknown): Conflict => ({
  conflictId: r.id as string, seq: Number(r.seq), plotId: r.plot_id as string, opId: r.op_id as string, reason: r.reason as string,
  fields: parse(r.fields) as Conflict['fields'], user: r.user_name as string, deviceId: r.device_id as string,
  createdAt: new Date(r.created_at as string).toISOString(), resolved: Boolean(r.resolved), resolvedBy: (r.resolved_by as string | null) ?? null,
});
export const opOf = (r: Row, parse: (v: unknown) => unknown): OpRecord => ({
  opId: r.op_id as string, seq: r.seq === null ? null : Number(r.seq), plotId: r.plot_id as string, kind: r.kind as OpRecord['kind'],
  userId: r.user_id as string, deviceId: r.device_id as string, receivedAt: new Date(r.received_at as string).toISOString(),
  status: r.status as OpRecord['status'], version: Number(r.version), conflictId: (r.conflict_id as string | null) ?? null,
  reason: (r.reason as string | null) ?? null, body: parse(r.body) as OpRecord['body'],
});

const parseJson = (v: unknown): unknown => JSON.parse(v as string);

export const sharedOf = <K extends SharedKind>(r: Row, parse: (v: unknown) => unknown): SharedRecord<K> => ({
  kind: r.kind as K, id: r.id as string, version: Number(r.version), deleted: Boolean(r.deleted), seq: Number(r.seq),
  updatedBy: r.updated_by as string, updatedAt: new Date(r.updated_at as string).toISOString(), data: parse(r.data) as SharedRecord<K>['data'],
});

type PendingBatch = {
  readonly steps: readonly ((tx: SyncTx) => Promise<unknown>)[];
  readonly resolve: (results: unknown[]) => void;
  readonly reject: (error: unknown) => void;
};

/**
 * The embedded store: one better-sqlite3 connection in WAL mode with synchronous=FULL, so a
 * commit is on disk before the reply leaves. Every call goes through one queue, so a
 * transaction's statements never interleave with another request's.
 */
export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  readonly db: Database.Database;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), {recursive: true});
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    this.migrate();
  }

  private migrate(): void {
    this.db.exec(MIGRATIONS_TABLE.sqlite);
    const done = new Set((this.db.prepare('select version from schema_migrations').all() as Row[]).map((r) => Number(r.version)));
    for (const m of MIGRATIONS) {
      if (done.has(m.version)) continue;
      this.db.transaction(() => {
        this.db.exec(m.sql.sqlite);
        this.db.prepare('insert into schema_migrations (version, name, applied_at) values (?, ?, ?)').run(m.version, m.name, new Date().toISOString());
      })();
    }
  }

  /** Serialises work on the one connection. */
  private run<T>(fn: () => Promise<T> | T): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Prepared statements, compiled once per connection (preparing each time cost ~15 % of a push). */
  private readonly statements = new Map<string, Database.Statement>();
  private stmt(sql: string): Database.Statement {
    let st = this.statements.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      this.statements.set(sql, st);
    }
    return st;
  }

  syncTransaction<T>(fn: (tx: SyncTx) => Promise<T>): Promise<T> {
    return this.syncBatch([fn]).then((r) => r[0]!);
  }

  /** Batches waiting for the connection; they are committed together (see flushBatches). */
  private pending: PendingBatch[] = [];

  syncBatch<T>(steps: readonly ((tx: SyncTx) => Promise<T>)[]): Promise<T[]> {
    return new Promise<T[]>((resolve, reject) => {
      this.pending.push({steps, resolve: resolve as (r: unknown[]) => void, reject});
      if (this.pending.length === 1) void this.run(() => this.flushBatches());
    });
  }

  /**
   * Group commit across requests: every batch that queued while the connection was busy runs
   * now inside one transaction — each step in its own savepoint, so it is atomic on its own —
   * and one commit (one disk flush) makes them all durable before any of them is answered. A
   * step that throws rolls back only its own writes and ends only its own batch (the batch's
   * earlier steps stay); a failed commit fails every batch in it, none of which was answered.
   */
  private async flushBatches(): Promise<void> {
    const batches = this.pending.splice(0);
    const db = this.db;
    const st = (sql: string) => this.stmt(sql);
    const outcomes: ({ok: unknown[]} | {error: unknown})[] = [];
    try {
      db.exec('begin immediate');
      const tx: SyncTx = {
        findOp: async (opId) => {
          const r = st('select * from ops where op_id = ?').get(opId) as Row | undefined;
          return r ? opOf(r, parseJson) : null;
        },
        getPlot: async (plotId) => {
          const r = st('select version, deleted, plot from plots where id = ?').get(plotId) as Row | undefined;
          return r ? ({plot: JSON.parse(r.plot as string), version: Number(r.version), deleted: Boolean(r.deleted)} as StoredPlot) : null;
        },
        nextSeq: async () => Number((st('update counter set value = value + 1 where id = 1 returning value').get() as Row).value),
        putPlot: async (plotId, plot, version, deleted, seq) => {
          const p = plot.properties;
          st(`insert into plots (id, version, deleted, seq, name, zone, measure, status, completed, team, notes, updated, geometry, plot)
            values (@id, @version, @deleted, @seq, @name, @zone, @measure, @status, @completed, @team, @notes, @updated, @geometry, @plot)
            on conflict (id) do update set version = excluded.version, deleted = excluded.deleted, seq = excluded.seq, name = excluded.name,
            zone = excluded.zone, measure = excluded.measure, status = excluded.status, completed = excluded.completed, team = excluded.team,
            notes = excluded.notes, updated = excluded.updated, geometry = excluded.geometry, plot = excluded.plot`).run({
            id: plotId, version, deleted: deleted ? 1 : 0, seq, name: p.name, zone: p.zone, measure: p.measure, status: p.status,
            completed: p.completed, team: p.team, notes: p.notes, updated: p.updated, geometry: JSON.stringify(plot.geometry), plot: JSON.stringify(plot),
          });
        },
        insertOp: async (op) => {
          st(`insert into ops (op_id, seq, plot_id, kind, user_id, device_id, received_at, status, version, conflict_id, reason, body)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(op.opId, op.seq, op.plotId, op.kind, op.userId, op.deviceId, op.receivedAt,
            op.status, op.version, op.conflictId, op.reason, JSON.stringify(op.body));
        },
        insertConflict: async (c) => {
          st(`insert into conflicts (id, seq, plot_id, op_id, reason, fields, user_name, device_id, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
            .run(c.conflictId, c.seq, c.plotId, c.opId, c.reason, JSON.stringify(c.fields), c.user, c.deviceId, c.createdAt);
        },
        getConflict: async (id) => {
          const r = st('select * from conflicts where id = ?').get(id) as Row | undefined;
          return r ? conflictOf(r, parseJson) : null;
        },
        resolveConflict: async (id, by, opId, seq) => {
          st('update conflicts set resolved = 1, resolved_by = ?, resolved_op = ?, seq = ? where id = ?').run(by, opId, seq, id);
        },
        missingPhotos: async (hashes) => hashes.filter((h) => !st('select 1 from photos where sha256 = ? union all select 1 from photo_thumbnails where sha256 = ?').get(h, h)),
        getShared: async (kind, id) => {
          const r = st('select * from shared_records where kind = ? and id = ?').get(kind, id) as Row | undefined;
          return r ? sharedOf(r, parseJson) : null;
        },
        putShared: async (rec) => {
          st(`insert into shared_records (kind, id, version, deleted, seq, data, updated_by, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?)
            on conflict (kind, id) do update set version = excluded.version, deleted = excluded.deleted, seq = excluded.seq,
            data = excluded.data, updated_by = excluded.updated_by, updated_at = excluded.updated_at`)
            .run(rec.kind, rec.id, rec.version, rec.deleted ? 1 : 0, rec.seq, JSON.stringify(rec.data), rec.updatedBy, rec.updatedAt);
        },
      };
      for (const batch of batches) {
        const results: unknown[] = [];
        let failure: {error: unknown} | null = null;
        for (const step of batch.steps) {
          db.exec('savepoint op');
          try {
            results.push(await step(tx));
            db.exec('release op');
          } catch (error) {
            db.exec('rollback to op');
            db.exec('release op');
            failure = {error};
            break;
          }
        }
        outcomes.push(failure ?? {ok: results});
      }
      db.exec('commit');
    } catch (error) {
      try {
        if (db.inTransaction) db.exec('rollback');
      } catch {
        // SQLite has already rolled back (e.g. after SQLITE_FULL); the batches still get the first error.
      }
      for (const batch of batches) batch.reject(error);
      return;
    }
    batches.forEach((batch, i) => {
      const outcome = outcomes[i]!;
      if ('ok' in outcome) batch.resolve(outcome.ok);
      else batch.reject(outcome.error);
    });
  }

  pull(since: number, limit: number): Promise<PullResponse> {
    return this.run(() => this.db.transaction(() => {
      const cursorNow = Number((this.db.prepare('select value from counter where id = 1').get() as Row).value);
      const plots = (this.db.prepare('select id, version, deleted, seq, plot from plots where seq > ? order by seq limit ?').all(since, limit) as Row[])
        .map((r): PlotChange => ({seq: Number(r.seq), plotId: r.id as string, version: Number(r.version), deleted: Boolean(r.deleted), plot: JSON.parse(r.plot as string)}));
      const conflicts = (this.db.prepare('select * from conflicts where seq > ? order by seq limit ?').all(since, limit) as Row[]).map((r) => conflictOf(r, parseJson));
      return pageOf(plots, conflicts, limit, cursorNow);
    })());
  }

  livePlots(): Promise<SyncPlot[]> {
    return this.run(() => (this.db.prepare('select plot from plots where deleted = 0 order by id').all() as Row[]).map((r) => JSON.parse(r.plot as string)));
  }

  currentSeq(): Promise<number> {
    return this.run(() => Number((this.db.prepare('select value from counter where id = 1').get() as Row).value));
  }

  listShared<K extends SharedKind>(kind: K, since: number): Promise<SharedListResponse<K>> {
    return this.run(() => this.db.transaction(() => {
      const cursor = Number((this.db.prepare('select value from counter where id = 1').get() as Row).value);
      const rows = this.db.prepare(`select * from shared_records where kind = ? and seq > ? ${since > 0 ? '' : 'and deleted = 0'} order by seq`).all(kind, since) as Row[];
      return {records: rows.map((r) => sharedOf<K>(r, parseJson)), cursor};
    })());
  }

  opLog(): Promise<OpRecord[]> {
    return this.run(() => (this.db.prepare('select * from ops order by rowid').all() as Row[]).map((r) => opOf(r, parseJson)));
  }

  addUser(user: {name: string; role: Role; team: string | null; passwordHash: string}): Promise<UserRecord> {
    return this.run(() => {
      const id = randomUUID();
      this.db.prepare('insert into users (id, name, role, team, password_hash, created_at) values (?, ?, ?, ?, ?, ?)')
        .run(id, user.name, user.role, user.team, user.passwordHash, new Date().toISOString());
      return userOf(this.db.prepare('select * from users where id = ?').get(id) as Row);
    });
  }

  userByName(name: string) {
    return this.run(() => {
      const r = this.db.prepare('select * from users where name = ?').get(name) as Row | undefined;
      return r ? userOf(r) : null;
    });
  }

  userById(id: string) {
    return this.run(() => {
      const r = this.db.prepare('select * from users where id = ?').get(id) as Row | undefined;
      return r ? userOf(r) : null;
    });
  }

  listUsers() {
    return this.run(() => (this.db.prepare('select * from users order by name').all() as Row[]).map(userOf));
  }

  setUserDisabled(name: string, disabled: boolean) {
    return this.run(() => this.db.prepare('update users set disabled = ? where name = ?').run(disabled ? 1 : 0, name).changes > 0);
  }

  revokeDevices(name: string) {
    return this.run(() => this.db.prepare('update devices set revoked = 1 where revoked = 0 and user_id = (select id from users where name = ?)').run(name).changes);
  }

  countActiveAdmins() {
    return this.run(() => Number((this.db.prepare(`select count(*) n from users where role = 'admin' and disabled = 0`).get() as Row).n));
  }

  addDevice(device: {userId: string; name: string; refreshHash: string}): Promise<DeviceRecord> {
    return this.run(() => {
      const id = randomUUID();
      this.db.prepare('insert into devices (id, user_id, name, refresh_hash, created_at) values (?, ?, ?, ?, ?)')
        .run(id, device.userId, device.name, device.refreshHash, new Date().toISOString());
      return deviceOf(this.db.prepare('select * from devices where id = ?').get(id) as Row);
    });
  }

  deviceById(id: string) {
    return this.run(() => {
      const r = this.db.prepare('select * from devices where id = ?').get(id) as Row | undefined;
      return r ? deviceOf(r) : null;
    });
  }

  deviceByRefreshHash(hash: string) {
    return this.run(() => {
      const r = this.db.prepare('select * from devices where refresh_hash = ?').get(hash) as Row | undefined;
      return r ? deviceOf(r) : null;
    });
  }

  listDevices() {
    return this.run(() => (this.db.prepare('select * from devices order by created_at, id').all() as Row[]).map(deviceOf));
  }

  revokeDevice(id: string) {
    return this.run(() => this.db.prepare('update devices set revoked = 1 where id = ?').run(id).changes > 0);
  }

  quarantine(ops: readonly QuarantinedOp[]) {
    return this.run(() => this.db.transaction(() => {
      const insert = this.db.prepare('insert into quarantine (device_id, user_id, received_at, body) values (?, ?, ?, ?)');
      for (const op of ops) insert.run(op.deviceId, op.userId, op.receivedAt, JSON.stringify(op.op));
    })());
  }

  quarantined() {
    return this.run(() => (this.db.prepare('select * from quarantine order by id').all() as Row[])
      .map((r) => ({deviceId: r.device_id as string, userId: r.user_id as string, receivedAt: r.received_at as string, op: JSON.parse(r.body as string)})));
  }

  putPhoto(sha256: string, bytes: Uint8Array, contentType: string, userId: string): Promise<'stored' | 'exists'> {
    return this.run(() => {
      return this.db.transaction(() => {
        const info = this.db.prepare('insert into photos (sha256, bytes, size, content_type, user_id, created_at) values (?, ?, ?, ?, ?, ?) on conflict do nothing')
          .run(sha256, Buffer.from(bytes), bytes.byteLength, contentType, userId, new Date().toISOString());
        this.db.prepare('delete from photo_parts where sha256 = ?').run(sha256);
        return info.changes > 0 ? 'stored' as const : 'exists' as const;
      })();
    });
  }

  putThumbnail(sha256: string, bytes: Uint8Array, contentType: string, userId: string): Promise<'stored' | 'exists'> {
    return this.run(() => {
      const info = this.db.prepare('insert into photo_thumbnails (sha256, bytes, size, content_type, user_id, created_at) values (?, ?, ?, ?, ?, ?) on conflict do nothing')
        .run(sha256, Buffer.from(bytes), bytes.byteLength, contentType, userId, new Date().toISOString());
      return info.changes > 0 ? 'stored' : 'exists';
    });
  }

  getThumbnail(sha256: string) {
    return this.run(() => {
      const r = this.db.prepare('select bytes, content_type from photo_thumbnails where sha256 = ?').get(sha256) as Row | undefined;
      return r ? {bytes: new Uint8Array(r.bytes as Buffer), contentType: r.content_type as string} : null;
    });
  }

  photoUploadState(sha256: string): Promise<PhotoUploadState> {
    return this.run(() => {
      const full = this.db.prepare('select size from photos where sha256 = ?').get(sha256) as Row | undefined;
      if (full) return {complete: true, offset: Number(full.size), total: Number(full.size)};
      const part = this.db.prepare('select length(bytes) as n, total from photo_parts where sha256 = ?').get(sha256) as Row | undefined;
      return {complete: false, offset: part ? Number(part.n) : 0, total: part ? Number(part.total) : null};
    });
  }

  appendPhotoPart(sha256: string, part: {offset: number; chunk: Uint8Array; total: number; contentType: string; userId: string}): Promise<PhotoPartResult> {
    return this.run(() => this.db.transaction((): PhotoPartResult => {
      const now = new Date().toISOString();
      const have = this.db.prepare('select bytes, total, content_type from photo_parts where sha256 = ?').get(sha256) as Row | undefined;
      let bytes: Buffer;
      if (part.offset === 0) {
        bytes = Buffer.from(part.chunk);
      } else {
        const stored = have ? (have.bytes as Buffer) : null;
        if (!stored || stored.byteLength !== part.offset || Number(have!.total) !== part.total) {
          return {status: 'offset-mismatch', offset: stored && Number(have!.total) === part.total ? stored.byteLength : 0};
        }
        // Read, append and write back: SQLite's || works on text, not blobs; a photo is ≤ 15 MB.
        bytes = Buffer.concat([stored, part.chunk]);
      }
      this.db.prepare(`insert into photo_parts (sha256, bytes, total, content_type, user_id, updated_at) values (?, ?, ?, ?, ?, ?)
        on conflict (sha256) do update set bytes = excluded.bytes, total = excluded.total, content_type = excluded.content_type, user_id = excluded.user_id, updated_at = excluded.updated_at`)
        .run(sha256, bytes, part.total, part.contentType, part.userId, now);
      return bytes.byteLength >= part.total
        ? {status: 'complete', bytes: new Uint8Array(bytes), contentType: part.contentType}
        : {status: 'appended', offset: bytes.byteLength};
    })());
  }

  dropPhotoPart(sha256: string): Promise<void> {
    return this.run(() => void this.db.prepare('delete from photo_parts where sha256 = ?').run(sha256));
  }

  getPhoto(sha256: string) {
    return this.run(() => {
      const r = this.db.prepare('select bytes, content_type from photos where sha256 = ?').get(sha256) as Row | undefined;
      return r ? {bytes: new Uint8Array(r.bytes as Buffer), contentType: r.content_type as string} : null;
    });
  }

  secret(): Promise<Buffer> {
    return this.run(() => {
      this.db.prepare(`insert into meta (key, value) values ('token-secret', ?) on conflict do nothing`).run(randomBytes(32).toString('base64'));
      return Buffer.from((this.db.prepare(`select value from meta where key = 'token-secret'`).get() as Row).value as string, 'base64');
    });
  }

  /** SQLite's online backup API: a consistent copy while the server keeps serving. */
  backup(file: string): Promise<void> {
    return this.run(async () => {
      await this.db.backup(file);
    });
  }

  integrityCheck(): string {
    return String((this.db.prepare('pragma integrity_check').get() as Row).integrity_check);
  }

  close(): Promise<void> {
    return this.run(() => {
      this.db.close();
    });
  }
}

/** Merges plot and conflict events into one page; the cursor is the last event given, or now. */
export function pageOf(plots: PlotChange[], conflicts: Conflict[], limit: number, cursorNow: number): PullResponse {
  const events = [...plots.map((p) => ({seq: p.seq, plot: p})), ...conflicts.map((c) => ({seq: c.seq, conflict: c}))].sort((a, b) => a.seq - b.seq);
  const page = events.slice(0, limit);
  const more = events.length > limit || plots.length === limit || conflicts.length === limit;
  const cursor = more && page.length > 0 ? page[page.length - 1]!.seq : cursorNow;
  return {
    changes: page.flatMap((e) => ('plot' in e && e.plot ? [e.plot] : [])),
    conflicts: page.flatMap((e) => ('conflict' in e && e.conflict ? [e.conflict] : [])),
    cursor,
    more,
  };
}
