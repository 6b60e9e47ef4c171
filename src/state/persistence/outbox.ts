import type {Plot} from '../../geo/plot';
import {fieldValue, sameValue} from '../../sync/apply-op';
import type {FieldChange, SyncOp} from '../../sync/protocol';
import {SYNC_FIELDS, type OpStatus, type SyncField, type SyncPlot} from '../../sync/protocol-constants';
import type {WriteTransaction} from './device-db';

/*
 * The outbox (issue 14): every committed plot change also writes its op, in the team server's
 * format (src/sync/protocol.ts), inside the same strict transaction as the plot and its
 * history entry. Ops are always written, signed in or not: a device may sign in later and push
 * what it did offline.
 */

/**
 * `queued`: not yet acknowledged by the server. `sent`: the server answered with a result
 * other than rejected; the op leaves the outbox once a pull that began after that answer has
 * finished (its sequence number is then behind the cursor). `rejected`: kept, with its reason.
 */
export type OutboxState = 'queued' | 'sent' | 'rejected';

export type OutboxEntry = {
  n?: number;
  opId: string;
  plotId: string;
  op: SyncOp;
  state: OutboxState;
  /** The server's answer, once there is one. */
  status?: OpStatus;
  reason?: string | null;
  conflictId?: string | null;
};

/**
 * A create's op as an import writes it (DB version 4, issue 11): the op without its plot, which
 * is the plot as stored at `plotVersion` (plot-at-version.ts). Readers (the push, the unsent-ops
 * export) hand out the whole op, as OutboxEntry.
 */
export type CreateRefOutboxEntry = Omit<OutboxEntry, 'op'> & {op: Omit<SyncOp, 'plot'> & {kind: 'create'}; plotVersion: number};

/** An outbox entry as stored: whole, or a create that refers to the stored plot. */
export type StoredOutboxEntry = OutboxEntry | CreateRefOutboxEntry;

export function isCreateRef(entry: StoredOutboxEntry): entry is CreateRefOutboxEntry {
  return (entry as Partial<CreateRefOutboxEntry>).plotVersion !== undefined;
}

/** What the server last said about a plot; `pending` holds its state while local ops wait. */
export type ServerPlotEntry = {
  plotId: string;
  version: number;
  pending?: {readonly version: number; readonly deleted: boolean; readonly plot: SyncPlot | null};
};

/** The stores a plot commit writes besides the plot and its history. */
export const SYNC_STORES = ['outbox', 'serverPlots'] as const;

const uuid = (): string => crypto.randomUUID();

/** The plot as the server takes it: fields the protocol does not carry (`extra`) stay on the device. */
export function wirePlot(plot: Plot): SyncPlot {
  const {extra: _extra, ...properties} = plot.properties as Plot['properties'] & {photos?: string[]};
  return {type: 'Feature', geometry: plot.geometry, properties};
}

/** Each synced field whose value differs between `before` and `after`, as from/to. */
export function changesOf(before: Plot, after: Plot): Partial<Record<SyncField, FieldChange>> {
  const changes: Partial<Record<SyncField, FieldChange>> = {};
  const b = before as unknown as SyncPlot;
  const a = after as unknown as SyncPlot;
  for (const field of SYNC_FIELDS) {
    const from = fieldValue(b, field);
    const to = fieldValue(a, field);
    if (!sameValue(from, to)) changes[field] = {from, to};
  }
  return changes;
}

/**
 * The op for a change from `before` to `after` (null: no plot / deleted), or null when no
 * synced field changed (an `extra` attribute, a photo added on the device only).
 */
export function opOf(plotId: string, before: Plot | null, after: Plot | null, serverVersion: number, resolves?: string): SyncOp | null {
  if (!before && !after) return null;
  const base = {opId: uuid(), plotId, ...(resolves ? {resolves} : {})};
  if (!after && serverVersion === 0) return null;
  if (!after) return {...base, kind: 'delete', baseVersion: serverVersion, changes: {}, plot: wirePlot(before!)};
  // A plot the server never saw is a create whatever this device did with it before.
  if (!before || serverVersion === 0) return {...base, kind: 'create', baseVersion: 0, changes: {}, plot: wirePlot(after)};
  const changes = changesOf(before, after);
  if (Object.keys(changes).length === 0 && !resolves) return null;
  return {...base, kind: 'update', baseVersion: serverVersion, changes, plot: wirePlot(after)};
}

/**
 * The create op of a plot new to this device, stored at `version`, as a reference: the op opOf
 * would make (same fields, same order) less its plot, which the stored plot holds already.
 */
export function createRefEntry(plotId: string, version: number): CreateRefOutboxEntry {
  const opId = uuid();
  return {opId, plotId, op: {opId, plotId, kind: 'create', baseVersion: 0, changes: {}}, state: 'queued', plotVersion: version};
}

/** The whole entry of a create stored as a reference, given the plot it refers to (as stored then). */
export function withOpPlot(entry: CreateRefOutboxEntry, plot: Plot | null): OutboxEntry {
  const {plotVersion: _plotVersion, ...rest} = entry;
  // Key order as a whole entry read back has it: the push and the export serialise it.
  return {...rest, op: {...entry.op, ...(plot ? {plot: wirePlot(plot)} : {})}};
}

type SyncTx = WriteTransaction<'outbox' | 'serverPlots' | 'plots' | 'history'> | WriteTransaction<'outbox' | 'serverPlots' | 'plots' | 'history' | 'photos'>;

/** The server version this device last saw for the plot (0: never on the server). */
export async function serverVersionIn(tx: SyncTx, plotId: string): Promise<number> {
  const entry = await (tx as WriteTransaction<'serverPlots'>).objectStore('serverPlots').get(plotId);
  return entry?.version ?? 0;
}

/**
 * Whether an earlier op of this plot still waits in the outbox: then the next op follows it on
 * the server, so it is based on what that op made (a create stays a create's follower: update).
 * Counted, not read: the ops hold whole plots, and only whether there is one matters.
 */
async function queuedIn(tx: SyncTx, plotId: string): Promise<boolean> {
  return (await (tx as WriteTransaction<'outbox'>).objectStore('outbox').index('plotId').count(plotId)) > 0;
}

/** What a plot's op depends on besides the change: the server's version of the plot, and whether an op of it waits already. */
export type OpContext = {readonly serverVersion: number; readonly queued: boolean};

/** A plot new to this device: a create, whatever the server or the outbox says (opOf). */
const NEW_TO_DEVICE: OpContext = {serverVersion: 0, queued: false};

/** Reads a plot's OpContext in the caller's transaction. */
export async function opContextIn(tx: SyncTx, plotId: string): Promise<OpContext> {
  const [serverVersion, queued] = await Promise.all([serverVersionIn(tx, plotId), queuedIn(tx, plotId)]);
  return {serverVersion, queued};
}

/** Writes the op of a committed change into the outbox, in the caller's transaction. */
export async function writeOpIn(tx: SyncTx, plotId: string, before: Plot | null, after: Plot | null, resolves?: string): Promise<void> {
  // Two reads fewer per plot for an import's 10,000 new plots.
  await addOpIn(tx, plotId, before, after, before === null ? NEW_TO_DEVICE : await opContextIn(tx, plotId), resolves);
}

/**
 * writeOpIn with its reads made already (opContextIn, issued beside the caller's own reads, so
 * a save waits for one round of reads instead of two: issue 11). `context` is not looked at for a
 * plot new to the device (`before` null).
 */
export async function addOpIn(tx: SyncTx, plotId: string, before: Plot | null, after: Plot | null, context: OpContext, resolves?: string): Promise<void> {
  const {serverVersion, queued} = before === null ? NEW_TO_DEVICE : context;
  // An earlier op of a plot the server never saw creates it first: this one updates it.
  const effective = serverVersion === 0 && queued && before ? -1 : serverVersion;
  const op = effective === -1 ? updateAfterCreate(plotId, before!, after) : opOf(plotId, before, after, serverVersion, resolves);
  if (!op) return;
  await (tx as WriteTransaction<'outbox'>).objectStore('outbox').add({opId: op.opId, plotId, op, state: 'queued'});
}

function updateAfterCreate(plotId: string, before: Plot, after: Plot | null): SyncOp | null {
  if (!after) return {opId: uuid(), plotId, kind: 'delete', baseVersion: 0, changes: {}, plot: wirePlot(before)};
  const changes = changesOf(before, after);
  if (Object.keys(changes).length === 0) return null;
  return {opId: uuid(), plotId, kind: 'update', baseVersion: 0, changes, plot: wirePlot(after)};
}
