/** The BroadcastChannel name every tab of the app listens on for plot changes. */
export const PLOT_CHANNEL_NAME = 'qh-remediation-plots';

/**
 * "These plots changed in this database": sent after the transaction completed, so a tab that
 * hears it and reads the database sees the change. `origin` identifies the sending repository
 * so it can ignore its own messages wherever a channel would deliver them back.
 */
export type PlotChangeMessage = {
  readonly type: 'plots-changed';
  readonly database: string;
  readonly origin: string;
  readonly plotIds: readonly string[];
};

/** How one tab tells the others about committed changes; BroadcastChannel in the app, in memory in tests. */
export interface CrossTabChannel {
  post(message: PlotChangeMessage): void;
  /** Calls the listener for messages from other tabs; returns the unsubscribe function. */
  subscribe(listener: (message: PlotChangeMessage) => void): () => void;
  close(): void;
}

/**
 * Accepts only well-formed change messages: another build of the app may share the channel
 * name and send something else.
 */
export function plotChangeMessageOf(data: unknown): PlotChangeMessage | null {
  if (typeof data !== 'object' || data === null) return null;
  const m = data as Partial<Record<keyof PlotChangeMessage, unknown>>;
  if (m.type !== 'plots-changed' || typeof m.database !== 'string' || typeof m.origin !== 'string') return null;
  if (!Array.isArray(m.plotIds) || !m.plotIds.every((id) => typeof id === 'string')) return null;
  return {type: 'plots-changed', database: m.database, origin: m.origin, plotIds: m.plotIds as string[]};
}

/** The channel between real tabs. A BroadcastChannel never delivers a message to the object that posted it. */
export function broadcastCrossTabChannel(name: string = PLOT_CHANNEL_NAME): CrossTabChannel {
  const channel = new BroadcastChannel(name);
  return {
    post: (message) => channel.postMessage(message),
    subscribe: (listener) => {
      const onMessage = (event: MessageEvent<unknown>) => {
        const message = plotChangeMessageOf(event.data);
        if (message) listener(message);
      };
      channel.addEventListener('message', onMessage);
      return () => channel.removeEventListener('message', onMessage);
    },
    close: () => channel.close(),
  };
}

/** A channel that goes nowhere, for browsers without BroadcastChannel (one tab cannot conflict with itself). */
export function silentCrossTabChannel(): CrossTabChannel {
  return {post: () => {}, subscribe: () => () => {}, close: () => {}};
}

/**
 * Channels that reach each other in one process, delivering asynchronously like
 * BroadcastChannel does; each `channel()` is one tab. Used by tests and by anything that runs
 * two repositories side by side.
 */
export function inMemoryCrossTabHub(): {channel: () => CrossTabChannel} {
  const members = new Set<Set<(message: PlotChangeMessage) => void>>();
  return {
    channel: () => {
      const listeners = new Set<(message: PlotChangeMessage) => void>();
      members.add(listeners);
      return {
        post: (message) => {
          const copy = structuredClone(message);
          for (const other of members) {
            if (other === listeners) continue;
            for (const listener of [...other]) setTimeout(() => listener(copy), 0);
          }
        },
        subscribe: (listener) => {
          listeners.add(listener);
          return () => listeners.delete(listener);
        },
        close: () => {
          members.delete(listeners);
          listeners.clear();
        },
      };
    },
  };
}
