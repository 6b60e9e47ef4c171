import {randomUUID} from 'node:crypto';
import {applyOp, fieldValue} from '../../sync/apply-op';
import {REJECT_REASONS, type OpResult, type Role, type SyncOp, type SyncPlot} from '../../sync/protocol';
import type {StoredPlot} from '../../sync/apply-op';
import type {Store, SyncTx} from '../store/store';

/** Who pushed: the user as the database holds them now, and the device they pushed from. */
export type Actor = {readonly userId: string; readonly name: string; readonly role: Role; readonly team: string | null; readonly deviceId: string};

const rejected = (opId: string, reason: string, version: number | null = null): OpResult => ({opId, status: 'rejected', version, conflictId: null, reason});

/** Why the actor may not make this op, or null. Planners and admins may make any op. */
export function forbiddenReason(actor: Actor, op: SyncOp, current: StoredPlot | null): string | null {
  if (actor.role === 'viewer') return REJECT_REASONS.forbidden;
  if (actor.role === 'admin' || actor.role === 'planner') return null;
  if (op.resolves) return REJECT_REASONS.forbidden;
  // A surveyor creates plots for its own team and edits only its team's plots, never moving one out.
  if (actor.team === null) return REJECT_REASONS.forbiddenTeam;
  if (current && current.plot.properties.team !== actor.team) return REJECT_REASONS.forbiddenTeam;
  if (op.kind === 'create' && op.plot?.properties.team !== actor.team) return REJECT_REASONS.forbiddenTeam;
  if (op.changes.team && op.changes.team.to !== actor.team) return REJECT_REASONS.forbiddenTeam;
  return null;
}

/** Applies one pushed op in its own transaction (see applyPushedOp). */
export function pushOp(store: Store, actor: Actor, op: SyncOp, receivedAt: string): Promise<OpResult> {
  return store.syncTransaction((tx) => applyPushedOp(tx, actor, op, receivedAt));
}

/**
 * Applies a pushed batch in order, each op atomic on its own (a savepoint) and the batch
 * committed once, so the batch costs one disk flush instead of one per op. No result leaves
 * before the commit is durable; if an op fails unexpectedly the ops before it stay committed,
 * the ops after it are not tried and the request fails, so the device retries the batch and
 * gets `duplicate` for what was already applied (a sync never goes on past a failure).
 */
export function pushOps(store: Store, actor: Actor, ops: readonly SyncOp[], receivedAt: string): Promise<OpResult[]> {
  return store.syncBatch(ops.map((op) => (tx: SyncTx) => applyPushedOp(tx, actor, op, receivedAt)));
}

/**
 * One pushed op inside a transaction: a replayed opId returns the stored result and writes
 * nothing; otherwise authorise, check photos, merge (applyOp), then write the plot, any
 * conflict and the op's log entry together. A rejection writes nothing, so the device may fix
 * the cause (upload the photo) and send the op again.
 */
async function applyPushedOp(tx: SyncTx, actor: Actor, op: SyncOp, receivedAt: string): Promise<OpResult> {
  const prior = await tx.findOp(op.opId);
  if (prior) return {opId: op.opId, status: 'duplicate', version: prior.version, conflictId: prior.conflictId, reason: prior.reason, firstStatus: prior.status};
  const current = await tx.getPlot(op.plotId);
  const forbidden = forbiddenReason(actor, op, current);
  if (forbidden) return rejected(op.opId, forbidden, current?.version ?? null);
  if (op.resolves) {
    const conflict = await tx.getConflict(op.resolves);
    if (!conflict || conflict.plotId !== op.plotId) return rejected(op.opId, REJECT_REASONS.unknownConflict, current?.version ?? null);
  }
  if (op.kind !== 'delete' && op.plot) {
    const missing = await tx.missingPhotos(fieldValue(op.plot as SyncPlot, 'photos') as string[]);
    if (missing.length > 0) return rejected(op.opId, `${REJECT_REASONS.missingPhoto}:${missing.join(',')}`, current?.version ?? null);
  }

  const outcome = applyOp(current, op);
  if (outcome.kind === 'rejected') return rejected(op.opId, `${outcome.reason}${outcome.detail.length ? `:${outcome.detail.join(',')}` : ''}`, current?.version ?? null);

  let version = current?.version ?? 0;
  let seq: number | null = null;
  const write = outcome.kind === 'applied' ? (outcome.changed ? {plot: outcome.plot, deleted: outcome.deleted} : null) : outcome.next ? {plot: outcome.next, deleted: false} : null;
  if (write) {
    seq = await tx.nextSeq();
    version += 1;
    await tx.putPlot(op.plotId, write.plot, version, write.deleted, seq);
  }
  let conflictId: string | null = null;
  if (outcome.kind === 'conflict') {
    conflictId = randomUUID();
    await tx.insertConflict({conflictId, seq: await tx.nextSeq(), plotId: op.plotId, opId: op.opId, reason: outcome.reason,
      fields: outcome.fields, user: actor.name, deviceId: actor.deviceId, createdAt: receivedAt});
  } else if (op.resolves) {
    await tx.resolveConflict(op.resolves, actor.name, op.opId, await tx.nextSeq());
  }
  const status = outcome.kind === 'applied' ? 'applied' : 'conflict';
  const reason = outcome.kind === 'conflict' ? outcome.reason : null;
  await tx.insertOp({opId: op.opId, seq, plotId: op.plotId, kind: op.kind, userId: actor.userId, deviceId: actor.deviceId, receivedAt, status, version, conflictId, reason, body: op});
  return {opId: op.opId, status, version, conflictId, reason};
}
