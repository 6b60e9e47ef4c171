import type {Plot} from '../../geo/plot';
import type {CreateBatchEntry, CreateRefEntry, HistoryEntry, HistoryRecord, StoredHistoryEntry, StoredPlot} from './plot-db';
import {unpackPlot} from './stored-geometry';

/*
 * An import stores each new plot once (DB version 4, issue 11): its create history entry and its
 * outbox op refer to the plot instead of holding two more copies of it. Three structured clones
 * per plot were what an import of 10,000 plots spent its time on. Whatever reads them gets the
 * whole entry or op back, equal to what was stored before version 4.
 *
 * The plot a create made at version v is the stored plot while it is still at v. After that,
 * it is the `before` of the plot's entry of version v + 1: every change to a live plot records
 * the plot it replaced (plot-store.ts: put, delete, undo, photos; outbox-store.ts: pulls), and a
 * create leaves the plot live. A pull is not applied while the create's op waits in the outbox.
 */

/*
 * From version 6 an import batch's creates are one record (CreateBatchEntry): one history add per
 * batch instead of one per plot. Readers expand it here into the CreateRefEntry each plot had.
 */

export function isCreateBatchEntry(record: HistoryRecord): record is CreateBatchEntry {
  return Array.isArray((record as Partial<CreateBatchEntry>).plotIds);
}

/** The batch's create of `plotId`, as it was written alone before version 6 (key order included). */
function createOf(batch: CreateBatchEntry, plotId: string): CreateRefEntry {
  const {seq, at, actor} = batch;
  return {plotId, version: batch.versions[batch.plotIds.indexOf(plotId)]!, at, actor, action: 'create', before: null, afterStored: true, seq};
}

/** Every record as one entry per plot, in store order (a batch's plots in its order). */
export function perPlotEntries(records: readonly HistoryRecord[]): StoredHistoryEntry[] {
  return records.flatMap((r) => (isCreateBatchEntry(r) ? r.plotIds.map((id) => createOf(r, id)) : [r]));
}

/** The history store's two indexes a plot's entries are found by: 'plotId' (one plot) and 'plotIds' (batches). */
type HistoryIndexes = {index(name: 'plotId' | 'plotIds'): {getAll(key: string): Promise<unknown[]>}};

/** One plot's stored entries, oldest first: its own and its creates in batches. */
export async function entriesOf(history: HistoryIndexes, plotId: string): Promise<StoredHistoryEntry[]> {
  const [own, batches] = await Promise.all([history.index('plotId').getAll(plotId), history.index('plotIds').getAll(plotId)]);
  if (batches.length === 0) return own as StoredHistoryEntry[];
  const creates = (batches as CreateBatchEntry[]).map((b) => createOf(b, plotId));
  return [...(own as StoredHistoryEntry[]), ...creates].sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
}

export function isCreateRefEntry(entry: StoredHistoryEntry): entry is CreateRefEntry {
  return (entry as Partial<CreateRefEntry>).afterStored === true;
}

/**
 * The plot as it stood at `version`, from the stored plot and the plot's history
 * (`entryAt(n)`: its entry of version n). Null when neither holds it (not a version a create made).
 */
export function plotAtVersion(stored: StoredPlot | undefined, version: number, entryAt: (version: number) => StoredHistoryEntry | undefined): Plot | null {
  if (stored && stored.version === version) return unpackPlot(stored.plot);
  return entryAt(version + 1)?.before ?? null;
}

/** The whole entry of a create stored as a reference, given the plot it made. */
export function withAfter(entry: CreateRefEntry, after: Plot | null): HistoryEntry {
  const {afterStored: _afterStored, seq, ...rest} = entry;
  // Key order as a whole entry read back has it (the key path `seq` comes last): a backup serialises it.
  return {...rest, after, ...(seq === undefined ? {} : {seq})} as HistoryEntry;
}

/** One plot's history (oldest first) with every create stored as a reference made whole. */
export function wholeHistory(entries: readonly StoredHistoryEntry[], stored: StoredPlot | undefined): HistoryEntry[] {
  if (!entries.some(isCreateRefEntry)) return entries as HistoryEntry[];
  const byVersion = new Map(entries.map((e) => [e.version, e]));
  return entries.map((e) => (isCreateRefEntry(e) ? withAfter(e, plotAtVersion(stored, e.version, (v) => byVersion.get(v))) : e));
}

/**
 * Every plot's history at once (a backup): entries in store order, creates made whole from the
 * stored plots (`plots`, by id) and the entries themselves.
 */
export function wholeHistories(entries: readonly StoredHistoryEntry[], plots: ReadonlyMap<string, StoredPlot>): HistoryEntry[] {
  if (!entries.some(isCreateRefEntry)) return entries as HistoryEntry[];
  const byKey = new Map(entries.map((e) => [`${e.version}\u0000${e.plotId}`, e]));
  return entries.map((e) =>
    isCreateRefEntry(e) ? withAfter(e, plotAtVersion(plots.get(e.plotId), e.version, (v) => byKey.get(`${v}\u0000${e.plotId}`))) : e,
  );
}
