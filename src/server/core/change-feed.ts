import type {SharedKind} from '../../sync/shared-protocol';

/**
 * Tells listeners that the team's sequence moved on, so a device can pull at once instead of
 * waiting for its next timer. It carries only the cursor, never data: the pull stays the one
 * way changes reach a device (authorised, paged, gapless), so a missed or late notice can only
 * delay a change, never lose or reorder one.
 */
export class ChangeFeed {
  private readonly listeners = new Set<(cursor: number, shared?: SharedKind) => void>();

  subscribe(listener: (cursor: number, shared?: SharedKind) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** `shared`: the write was a shared zone or slide (the stream then also names the kind). */
  publish(cursor: number, shared?: SharedKind): void {
    for (const listener of this.listeners) listener(cursor, shared);
  }

  get size(): number {
    return this.listeners.size;
  }
}
