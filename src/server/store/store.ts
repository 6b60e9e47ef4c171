import type {StoredPlot} from '../../sync/apply-op';
import type {Conflict, PullResponse, Role, SyncOp, SyncPlot} from '../../sync/protocol';
import type {SharedKind, SharedListResponse, SharedRecord} from '../../sync/shared-protocol';

/*
 * The one storage interface the server core talks to; sqlite/ and postgres/ implement it and
 * the same test suite runs against both. Sync writes happen only inside syncTransaction, which
 * holds the sequence counter row from its first statement to its commit, so sequence numbers
 * are gapless and become visible in order (a pull never skips a change committed later with a
 * smaller number).
 */

export type UserRecord = {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  readonly team: string | null;
  readonly passwordHash: string;
  readonly disabled: boolean;
  readonly createdAt: string;
};

export type DeviceRecord = {
  readonly id: string;
  readonly userId: string;
  readonly name: string;
  readonly refreshHash: string;
  readonly revoked: boolean;
  readonly createdAt: string;
};

/** One accepted op in the append-only log: who, which device, when, and what it returned. */
export type OpRecord = {
  readonly opId: string;
  readonly seq: number | null;
  readonly plotId: string;
  readonly kind: SyncOp['kind'];
  readonly userId: string;
  readonly deviceId: string;
  readonly receivedAt: string;
  readonly status: 'applied' | 'conflict';
  readonly version: number;
  readonly conflictId: string | null;
  readonly reason: string | null;
  readonly body: SyncOp;
};

/** A conflict as first recorded: the protocol's Conflict before anyone resolved it. */
export type NewConflict = Omit<Conflict, 'resolved' | 'resolvedBy'>;

export type QuarantinedOp = {readonly deviceId: string; readonly userId: string; readonly receivedAt: string; readonly op: unknown};

/** What a sync transaction may read and write. */
export interface SyncTx {
  findOp(opId: string): Promise<OpRecord | null>;
  getPlot(plotId: string): Promise<StoredPlot | null>;
  /** Takes the next sequence number (the counter row is already held by this transaction). */
  nextSeq(): Promise<number>;
  putPlot(plotId: string, plot: SyncPlot, version: number, deleted: boolean, seq: number): Promise<void>;
  insertOp(op: OpRecord): Promise<void>;
  insertConflict(conflict: NewConflict): Promise<void>;
  getConflict(conflictId: string): Promise<Conflict | null>;
  resolveConflict(conflictId: string, by: string, opId: string, seq: number): Promise<void>;
  /** The hashes of which the server holds neither the photo nor its thumbnail. */
  missingPhotos(hashes: readonly string[]): Promise<string[]>;
  /** A shared zone or slide, tombstones included. */
  getShared<K extends SharedKind>(kind: K, id: string): Promise<SharedRecord<K> | null>;
  /** Writes a shared record (its `seq` taken with nextSeq in the same transaction). */
  putShared(record: SharedRecord): Promise<void>;
}

export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  /** Runs `fn` as one transaction, holding the sequence counter; rolls back if it throws. */
  syncTransaction<T>(fn: (tx: SyncTx) => Promise<T>): Promise<T>;
  /**
   * Group commit: runs each step in order, each inside its own savepoint of one transaction
   * that holds the sequence counter, and commits once — one disk flush for the whole batch
   * instead of one per step. A step is atomic on its own: if it throws, only its writes are
   * rolled back, the steps before it are committed, the steps after it are not run, and the
   * error is thrown once the commit is done. Nothing is returned before the commit is durable.
   */
  syncBatch<T>(steps: readonly ((tx: SyncTx) => Promise<T>)[]): Promise<T[]>;
  /** Plots and conflicts whose sequence number is above `since`, oldest first, from one snapshot. */
  pull(since: number, limit: number): Promise<PullResponse>;
  /** Every plot not deleted, for plots.geojson and the tally. */
  livePlots(): Promise<SyncPlot[]>;
  currentSeq(): Promise<number>;
  /**
   * Shared zones or slides written after `since`, oldest first, from one snapshot; tombstones
   * only when since > 0 (a device starting from nothing needs no deletions). `cursor` is the
   * team's sequence at that snapshot.
   */
  listShared<K extends SharedKind>(kind: K, since: number): Promise<SharedListResponse<K>>;
  /** The op log in commit order. */
  opLog(): Promise<OpRecord[]>;

  addUser(user: {name: string; role: Role; team: string | null; passwordHash: string}): Promise<UserRecord>;
  userByName(name: string): Promise<UserRecord | null>;
  userById(id: string): Promise<UserRecord | null>;
  listUsers(): Promise<UserRecord[]>;
  setUserDisabled(name: string, disabled: boolean): Promise<boolean>;
  /** Revokes every device of the user; returns how many were active. */
  revokeDevices(name: string): Promise<number>;
  countActiveAdmins(): Promise<number>;

  addDevice(device: {userId: string; name: string; refreshHash: string}): Promise<DeviceRecord>;
  deviceById(id: string): Promise<DeviceRecord | null>;
  deviceByRefreshHash(hash: string): Promise<DeviceRecord | null>;
  listDevices(): Promise<DeviceRecord[]>;
  /** Revokes one device; false when there is no such device. */
  revokeDevice(id: string): Promise<boolean>;

  /** Keeps a revoked device's ops aside for an admin; never applied, never dropped. */
  quarantine(ops: readonly QuarantinedOp[]): Promise<void>;
  quarantined(): Promise<QuarantinedOp[]>;

  putPhoto(sha256: string, bytes: Uint8Array, contentType: string, userId: string): Promise<'stored' | 'exists'>;
  getPhoto(sha256: string): Promise<{bytes: Uint8Array; contentType: string} | null>;
  /** A photo's thumbnail, kept under the full photo's hash; the first one stored stays. */
  putThumbnail(sha256: string, bytes: Uint8Array, contentType: string, userId: string): Promise<'stored' | 'exists'>;
  getThumbnail(sha256: string): Promise<{bytes: Uint8Array; contentType: string} | null>;
  /** How far an upload of the full photo has come: complete, or the bytes received of a part. */
  photoUploadState(sha256: string): Promise<PhotoUploadState>;
  /**
   * Appends `chunk` at `offset` to the photo's part (offset 0 starts it afresh). Refused with
   * the part's length when `offset` is not where it ends or `total` is not the part's; when
   * the part reaches `total` its bytes are returned, to be hashed and kept with putPhoto
   * (which drops the part) or dropped with dropPhotoPart.
   */
  appendPhotoPart(sha256: string, part: {offset: number; chunk: Uint8Array; total: number; contentType: string; userId: string}): Promise<PhotoPartResult>;
  dropPhotoPart(sha256: string): Promise<void>;

  /** The token-signing secret, made on first use and kept in the database. */
  secret(): Promise<Buffer>;
  close(): Promise<void>;
}

export type PhotoUploadState = {readonly complete: boolean; readonly offset: number; readonly total: number | null};
export type PhotoPartResult =
  | {readonly status: 'appended'; readonly offset: number}
  | {readonly status: 'offset-mismatch'; readonly offset: number}
  | {readonly status: 'complete'; readonly bytes: Uint8Array; readonly contentType: string};
