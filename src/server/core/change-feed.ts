/**
 * Tells listeners that the team's sequence moved on, so a device can pull at once instead of
 * waiting for its next timer. It carries only the cursor, never data: the pull stays the one
 * way changes reach a device (authorised, paged, gapless), so a missed or late notice can only
 * delay a change, never lose or reorder one.
 */
export class ChangeFeed {
  private readonly listeners = new Set<(cursor: number) => void>();

  subscribe(listener: (cursor: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(cursor: number): void {
    for (const listener of this.listeners) listener(cursor);
  }

  get size(): number {
    return this.listeners.size;
  }
}
