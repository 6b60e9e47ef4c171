import type {Role} from '../../sync/protocol';
import {canonicalJson, type SharedData, type SharedKind, type SharedRecord} from '../../sync/shared-protocol';
import type {Store} from '../store/store';
import type {Actor} from './push-op';

/** Who may write shared zones and slides (anyone signed in may read them). */
export const SHARED_WRITERS: readonly Role[] = ['planner', 'admin'];

export type SharedWriteOutcome<K extends SharedKind> =
  | {readonly status: 'written'; readonly record: SharedRecord<K>}
  /** Nothing to do: the server already holds exactly this (two planners making the same change never conflict). */
  | {readonly status: 'unchanged'; readonly record: SharedRecord<K>}
  | {readonly status: 'stale'; readonly current: SharedRecord<K> | null}
  | {readonly status: 'not-found'};

/**
 * Writes (data) or deletes (data null) one shared record in a sync transaction, so it takes the
 * next gapless sequence number like a plot change. `baseVersion` must be the server's current
 * version (0 when it has none); otherwise the write is refused with the current record — never
 * last-write-wins — unless the server already holds the same data (or the same deletion).
 */
export function writeShared<K extends SharedKind>(store: Store, actor: Actor, kind: K, id: string, baseVersion: number,
  data: SharedData<K> | null, at: string): Promise<SharedWriteOutcome<K>> {
  return store.syncTransaction(async (tx): Promise<SharedWriteOutcome<K>> => {
    const current = await tx.getShared(kind, id);
    if (data === null) {
      if (!current) return {status: 'not-found'};
      if (current.deleted) return {status: 'unchanged', record: current};
    } else if (current && !current.deleted && canonicalJson(current.data) === canonicalJson(data)) {
      return {status: 'unchanged', record: current};
    }
    if ((current?.version ?? 0) !== baseVersion) return {status: 'stale', current};
    const record: SharedRecord<K> = {
      kind, id, version: baseVersion + 1, deleted: data === null, seq: await tx.nextSeq(),
      updatedBy: actor.name, updatedAt: at, data: data ?? current!.data,
    };
    await tx.putShared(record);
    return {status: 'written', record};
  });
}
