import type {StateCreator} from 'zustand';
import {copyRecord, setEntry} from './record-copy';
import type {Plot} from '../geo/plot';
import type {Conflict, LoginResponse, RefreshResponse, SessionUser} from '../sync/protocol';
import {SYNC_FIELDS, type SyncField, type SyncPlot} from '../sync/protocol-constants';
import {conflictShapes, type ConflictShapes} from './conflict-shapes';
import type {DeviceLink} from './device-link';
import type {PlotRecord} from './persistence/storage-errors';
import {deltaFrom} from './record-delta';
import type {OutboxEntry} from './persistence/outbox';
import type {OutboxSummary, StoredTeamSession} from './persistence/outbox-store';
import {backoffMs, readCursorEvents, syncOnce, type SyncFailure} from './sync-engine';
import type {AppState} from './store';

/**
 * The one team session (issue 14): signed in to the team server with a named device. The
 * refresh token, device id, user and server address live in the device database, so after a
 * reload or weeks offline the app is still signed in; the access token lives in memory only
 * and is refreshed on the next contact.
 */
export type TeamSessionState =
  | {readonly state: 'signed-out'; readonly error?: 'invalid-credentials' | 'rate-limited' | 'unreachable' | 'origin-not-allowed' | 'server'; readonly status?: number}
  | {readonly state: 'signing-in'}
  | {readonly state: 'signed-in' | 'revoked'; readonly server: string; readonly user: SessionUser; readonly deviceId: string; readonly deviceName: string};

export type TeamSyncStatus = {
  readonly running: boolean;
  readonly online: boolean;
  readonly lastSync: string | null;
  readonly lastFailure: SyncFailure | null;
  /** Ops not yet acknowledged by the server, plus rejected ones. */
  readonly pending: number;
  readonly cursor: number;
};

/** What a plot's team state is, as the plot list shows it. */
export type PlotSyncState = 'device' | 'sent' | 'server' | 'conflict' | 'rejected';

export type TeamSignIn = {readonly username: string; readonly password: string; readonly deviceName: string; readonly server?: string};

/** Per field of a server conflict, which side the resolution keeps. */
export type ConflictChoice = Readonly<Record<string, 'mine' | 'theirs'>>;

export type TeamSlice = {
  team: TeamSessionState;
  teamSync: TeamSyncStatus;
  /** Per plot, its ops' state in the outbox (absent: nothing waiting). */
  teamOutbox: OutboxSummary['plots'];
  /** Plots the server holds as this device last pulled them. */
  teamOnServer: ReadonlySet<string>;
  teamRejected: OutboxSummary['rejected'];
  /** Unresolved conflicts the server reported (a surveyor's own, or all for planners). */
  teamConflicts: readonly Conflict[];
  /** The fetch the session uses (tests hand in the server's inject). */
  teamHttp: typeof fetch;
  /** Timer between syncs while online (ms); the events stream pulls sooner. */
  teamPollMs: number;
  teamSignIn: (input: TeamSignIn, fetchImpl?: typeof fetch) => Promise<boolean>;
  teamSignOut: () => Promise<void>;
  /** fetch to the team server with the bearer token; refreshes once on `token-expired`, marks the session revoked on `device-revoked`. */
  teamFetch: (path: string, init?: RequestInit) => Promise<Response>;
  /** Reads the stored session and sync state (at start, after the database reopened). */
  teamRestore: () => Promise<void>;
  /** Runs one sync now (one tab at a time); resolves when it finished or was not possible. */
  syncNow: () => Promise<void>;
  /** Starts the timers, the online/offline listeners and the live events; returns the stop function. */
  startTeamSync: () => () => void;
  refreshTeamOutbox: () => Promise<void>;
  /** Settles a server conflict with one side per field, as an update op carrying `resolves`. */
  resolveTeamConflict: (conflictId: string, choice: ConflictChoice) => Promise<boolean>;
  /** The conflict whose two shapes the map shows (null: none). */
  teamConflictShown: string | null;
  /** Shows a conflict's two shapes on the map (the map zooms to them), or hides them. */
  showTeamConflict: (conflictId: string | null) => void;
  /** Deleted plots' last states on this device, for conflicts over a deletion (their shape, their values). */
  teamConflictPlots: Readonly<Record<string, PlotRecord>>;
  /** Reads the last state of each conflict's plot that is deleted on this device. */
  loadTeamConflictPlots: () => Promise<void>;
  /**
   * Settles a conflict over a deletion (delete-vs-update, update-vs-delete): `plot` keeps the
   * plot (with the edit that met the deletion), `deletion` deletes it; either as an op carrying
   * `resolves`. False when it could not be written (or the plot is unknown on this device).
   */
  resolveTeamDeletion: (conflictId: string, keep: 'plot' | 'deletion') => Promise<boolean>;
  /** The ops not yet acknowledged (queued and rejected), as a JSON file's text for export. */
  unsentOpsText: () => Promise<string>;
};

const SIGNED_OUT: TeamSessionState = {state: 'signed-out'};

/** `plot` with the conflict's "mine" value for each field `choice` gives to mine (the rest stay). */
function withChoice(plot: SyncPlot, conflict: Conflict, choice: ConflictChoice): SyncPlot {
  let next = plot;
  for (const f of conflict.fields) {
    if (choice[f.field] !== 'mine' || !(SYNC_FIELDS as readonly string[]).includes(f.field)) continue;
    const field = f.field as SyncField;
    next = field === 'geometry' ? {...next, geometry: f.mine as SyncPlot['geometry']} : {...next, properties: {...next.properties, [field]: f.mine}};
  }
  return next;
}

const stamped = (plot: SyncPlot): Plot => ({...plot, properties: {...plot.properties, updated: new Date().toISOString()}}) as unknown as Plot;

const pageHidden = (): boolean => globalThis.document?.visibilityState === 'hidden';

/**
 * The pause between polls of the pull (issue 14 item 6): a few seconds while the page is in
 * view, so the team's edits show up even where the events stream does not get through (a proxy
 * that buffers it); a minute while hidden, where nobody is looking.
 */
export function pollDelayMs(pollMs: number, hidden: boolean): number {
  return hidden ? Math.max(60_000, pollMs) : pollMs;
}

const trimServer = (server: string | undefined): string => (server ?? '').trim().replace(/\/+$/, '');

export const createTeamSlice = (link: DeviceLink): StateCreator<AppState, [], [], TeamSlice> => (set, get, api) => {
  let accessToken: string | null = null;
  let refreshToken: string | null = null;
  let refreshing: Promise<boolean> | null = null;
  let failures = 0;
  let nextTry = 0;
  let running: Promise<void> | null = null;
  let again = false;
  /** Local changes seen so far: a summary read that began before the latest one is stale. */
  let localChanges = 0;
  /** Plots a pull or settle changed, until their reload reaches the store (not local edits). */
  const fromServer = new Set<string>();

  const outbox = () => link.repository?.outbox ?? null;
  const session = () => {
    const t = get().team;
    return t.state === 'signed-in' || t.state === 'revoked' ? t : null;
  };
  const url = (path: string) => `${session()?.server ?? ''}${path}`;

  const setToken = (token: string | null) => {
    accessToken = token;
    const s = session();
    // The basemap-pack download (packs-slice) uses this session's token.
    set({teamSession: token && s ? {token, user: s.user.name, role: s.user.role} : null});
  };

  const persist = async (revoked: boolean) => {
    const s = session();
    const store = outbox();
    if (!s || !store || !refreshToken) return;
    const stored: StoredTeamSession = {server: s.server, refreshToken, deviceId: s.deviceId, deviceName: s.deviceName, user: s.user, revoked};
    await store.saveSession(stored).catch(() => false);
  };

  const markRevoked = async () => {
    const s = session();
    if (!s || get().team.state === 'revoked') return;
    set({team: {...s, state: 'revoked'}});
    setToken(null);
    await persist(true);
  };

  /** A new access token from the refresh token; false when the server said no or could not be reached. */
  const refresh = (): Promise<boolean> => {
    refreshing ??= (async () => {
      const s = session();
      if (!s || !refreshToken) return false;
      try {
        const res = await get().teamHttp(url('/api/auth/refresh'), {
          method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify({refreshToken}), cache: 'no-store',
        });
        if (res.status === 403) {
          await markRevoked();
          return false;
        }
        if (!res.ok) return false;
        const body = (await res.json()) as RefreshResponse;
        setToken(body.accessToken);
        if (JSON.stringify(body.user) !== JSON.stringify(s.user)) {
          set({team: {...s, user: body.user}});
          await persist(false);
        }
        return true;
      } finally {
        refreshing = null;
      }
    })();
    return refreshing;
  };

  const refreshOutbox = async () => {
    const store = outbox();
    if (!store) return;
    const began = localChanges;
    try {
      const [summary, meta] = await Promise.all([store.summary(), store.loadMeta()]);
      // A local edit landed meanwhile: its own refresh follows; this read may predate its op.
      if (began !== localChanges) return;
      set((st) => ({
        teamOutbox: summary.plots,
        teamOnServer: summary.onServer,
        teamRejected: summary.rejected,
        teamConflicts: meta.conflicts,
        teamSync: {...st.teamSync, pending: summary.pending, lastSync: meta.lastSync, cursor: meta.cursor},
      }));
    } catch {
      // The storage panel reports a lost connection.
    }
  };

  const prefetchThumbnails = async (ids: readonly string[]): Promise<void> => {
    for (const id of ids) {
      const names = (get().plots[id]?.plot.properties as {photos?: unknown} | undefined)?.photos;
      if (Array.isArray(names) && names.length > 0) await get().loadPhotos(id);
    }
  };

  const runOnce = async (): Promise<void> => {
    const s = session();
    const store = outbox();
    if (!s || s.state !== 'signed-in' || !store) return;
    set((st) => ({teamSync: {...st.teamSync, running: true}}));
    const outcome = await syncOnce({
      storage: store,
      fetch: get().teamFetch,
      deviceId: s.deviceId,
      onChanged: (ids) => {
        for (const id of ids) fromServer.add(id);
        // Thumbnails come with the plot; full images only when opened (device-slice loadFullPhoto).
        void get().reloadPlots(ids).then(() => prefetchThumbnails(ids));
      },
      onPushed: () => void refreshOutbox(),
    });
    if (outcome.ok) {
      failures = 0;
      nextTry = 0;
    } else {
      failures++;
      nextTry = Date.now() + backoffMs(failures);
      if (outcome.failure === 'revoked') await markRevoked();
    }
    set((st) => ({teamSync: {...st.teamSync, running: false, lastFailure: outcome.ok ? null : outcome.failure}}));
    await refreshOutbox();
  };

  /**
   * The plots whose stored version changed other than by this tab's pull, marked as waiting in
   * the outbox until the summary is read again. Returns whether any was marked.
   */
  const markLocalEdits = (st: AppState, prev: AppState): boolean => {
    const t = st.team;
    const signedIn = t.state === 'signed-in' || t.state === 'revoked';
    // Signed out with no pulled plots to tell apart: nothing to mark, and no pass over 10,000
    // stored plots after every save (issue 11).
    if (!signedIn && fromServer.size === 0) return false;
    const changed = new Set<string>();
    // A save notes the plots it changed (record-delta.ts): those are the only ones to look at.
    const noted = deltaFrom(prev.storedPlots, st.storedPlots);
    if (noted) {
      for (const id of noted) if (st.storedPlots[id]?.version !== prev.storedPlots[id]?.version) changed.add(id);
    } else {
      for (const id of Object.keys(st.storedPlots)) if (st.storedPlots[id]!.version !== prev.storedPlots[id]?.version) changed.add(id);
      for (const id of Object.keys(prev.storedPlots)) if (!(id in st.storedPlots)) changed.add(id);
    }
    const edited = [...changed].filter((id) => !fromServer.delete(id));
    if (!signedIn) return false;
    // The first load of the device's plots (or a reopened database) is not an edit.
    if (edited.length === 0 || Object.keys(prev.storedPlots).length === 0) return false;
    localChanges++;
    set((s) => {
      const plots = copyRecord(s.teamOutbox);
      for (const id of edited) {
        const was = plots[id];
        setEntry(plots, id, was?.state === 'rejected' ? {...was, count: was.count + 1} : {state: 'queued', count: (was?.count ?? 0) + 1});
      }
      return {teamOutbox: plots, teamSync: {...s.teamSync, pending: s.teamSync.pending + edited.length}};
    });
    return true;
  };

  /** One tab syncs at a time (Web Locks); the others learn of the changes over the cross-tab channel. */
  const withLock = async (work: () => Promise<void>) => {
    const locks = typeof navigator !== 'undefined' ? (navigator as Navigator & {locks?: LockManager}).locks : undefined;
    if (!locks) return work();
    await locks.request('qh-team-sync', {ifAvailable: true}, async (lock) => {
      if (lock) await work();
    });
  };

  /** A conflict settled on this device: off the list and the map, and sent. */
  const settled = (conflictId: string) => {
    set((st) => ({
      teamConflicts: st.teamConflicts.filter((c) => c.conflictId !== conflictId),
      teamConflictShown: st.teamConflictShown === conflictId ? null : st.teamConflictShown,
    }));
    void syncNow();
  };

  const syncNow = async (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await withLock(runOnce);
      } while (again);
    })().finally(() => {
      running = null;
    });
    return running;
  };

  return {
    team: SIGNED_OUT,
    teamSync: {running: false, online: typeof navigator === 'undefined' ? true : navigator.onLine !== false, lastSync: null, lastFailure: null, pending: 0, cursor: 0},
    teamOutbox: {},
    teamOnServer: new Set(),
    teamRejected: [],
    teamConflicts: [],
    teamHttp: (input, init) => fetch(input, init),
    teamPollMs: 5_000,

    teamSignIn: async (input, fetchImpl) => {
      const server = trimServer(input.server);
      if (fetchImpl) set({teamHttp: fetchImpl});
      set({team: {state: 'signing-in'}});
      let res: Response;
      try {
        res = await get().teamHttp(`${server}/api/auth/login`, {
          method: 'POST', headers: {'content-type': 'application/json'}, cache: 'no-store',
          body: JSON.stringify({username: input.username, password: input.password, deviceName: input.deviceName}),
        });
      } catch {
        set({team: {state: 'signed-out', error: (await refusedCrossOrigin(server, get().teamHttp)) ? 'origin-not-allowed' : 'unreachable'}});
        return false;
      }
      if (!res.ok) {
        set({team: {state: 'signed-out', status: res.status, error: res.status === 401 ? 'invalid-credentials' : res.status === 429 ? 'rate-limited' : 'server'}});
        setToken(null);
        return false;
      }
      const body = (await res.json()) as LoginResponse;
      const previous = await outbox()?.loadSession().catch(() => null);
      // Another server or account: its cursor and versions mean nothing here.
      if (previous && (previous.server !== server || previous.user.name !== body.user.name)) await outbox()?.resetSync();
      refreshToken = body.refreshToken;
      set({team: {state: 'signed-in', server, user: body.user, deviceId: body.deviceId, deviceName: input.deviceName}});
      setToken(body.accessToken);
      failures = 0;
      await persist(false);
      await refreshOutbox();
      void syncNow();
      // The team's shared zones and slides come down with the sign-in (shared-slice.ts).
      void get().syncShared();
      return true;
    },

    teamSignOut: async () => {
      refreshToken = null;
      setToken(null);
      set({team: SIGNED_OUT});
      // Unsent ops stay in the outbox: they go out with the next sign-in.
      await outbox()?.saveSession(null).catch(() => false);
    },

    teamFetch: async (path, init = {}) => {
      const call = () => {
        const headers = new Headers(init.headers);
        if (accessToken) headers.set('authorization', `Bearer ${accessToken}`);
        return get().teamHttp(url(path), {...init, headers});
      };
      if (!accessToken && session()) await refresh();
      let res = await call();
      if (res.status === 401) {
        const body = (await res.clone().json().catch(() => null)) as {error?: string} | null;
        if ((body?.error === 'token-expired' || body?.error === 'unauthorized') && (await refresh())) res = await call();
      }
      if (res.status === 403) {
        const body = (await res.clone().json().catch(() => null)) as {error?: string} | null;
        if (body?.error === 'device-revoked') await markRevoked();
      }
      return res;
    },

    teamRestore: async () => {
      const store = outbox();
      if (!store) return;
      const stored = await store.loadSession().catch(() => null);
      if (stored) {
        refreshToken = stored.refreshToken;
        set({team: {state: stored.revoked ? 'revoked' : 'signed-in', server: stored.server, user: stored.user, deviceId: stored.deviceId, deviceName: stored.deviceName}});
        if (!stored.revoked) void get().syncShared();
      }
      await refreshOutbox();
    },

    syncNow,

    startTeamSync: () => {
      const tryNow = () => {
        if (get().team.state === 'signed-in' && get().teamSync.online) void syncNow();
      };
      const online = () => {
        set((st) => ({teamSync: {...st.teamSync, online: true}}));
        failures = 0;
        nextTry = 0;
        tryNow();
      };
      const offline = () => set((st) => ({teamSync: {...st.teamSync, online: false}}));
      globalThis.addEventListener?.('online', online);
      globalThis.addEventListener?.('offline', offline);
      let timer: ReturnType<typeof setTimeout> | null = null;
      let stopped = false;
      const tick = () => {
        if (stopped) return;
        if (Date.now() >= nextTry && !get().teamSync.running) tryNow();
        const poll = pollDelayMs(get().teamPollMs, pageHidden());
        timer = setTimeout(tick, Math.max(1000, Math.min(poll, nextTry > Date.now() ? nextTry - Date.now() : poll)));
      };
      timer = setTimeout(tick, 1000);
      // Back in view: pull at once rather than at the end of the hidden tab's longer pause.
      const visible = () => {
        if (!pageHidden() && Date.now() >= nextTry) tryNow();
      };
      globalThis.document?.addEventListener?.('visibilitychange', visible);
      // Live: the server's cursor events; a cursor above ours means there is something to pull.
      let events: AbortController | null = null;
      const listen = async () => {
        while (!stopped) {
          const s = session();
          if (!s || s.state !== 'signed-in' || !get().teamSync.online) {
            await new Promise((r) => setTimeout(r, 2000));
            continue;
          }
          events = new AbortController();
          try {
            const res = await get().teamFetch('/api/sync/events', {signal: events.signal, cache: 'no-store'});
            if (res.ok && res.body) {
              const controller = events;
              await readCursorEvents(res.body, (cursor) => {
                // Signed out (or revoked) meanwhile: this stream's token is no longer ours.
                if (get().team.state !== 'signed-in') controller.abort();
                else if (cursor > get().teamSync.cursor) void syncNow();
              }, events.signal);
            }
          } catch {
            // No signal, or stopped: polling carries on meanwhile.
          }
          if (!stopped) await new Promise((r) => setTimeout(r, 3000));
        }
      };
      void listen();
      // An edit here or in another tab (its plots arrive over the cross-tab channel): the outbox
      // states follow, and a signed-in device online sends it shortly.
      let soon: ReturnType<typeof setTimeout> | null = null;
      let sharedSoon: ReturnType<typeof setTimeout> | null = null;
      if (get().storage.db === 'ready') void get().teamRestore();
      const unsubscribe = api.subscribe((st, prev) => {
        // The device database opened (or reopened): the stored session comes back.
        if (st.storage.db === 'ready' && prev.storage.db !== 'ready') void get().teamRestore().then(tryNow);
        // Shared zones and slides take numbers of the same sequence: a pull whose cursor moved
        // may have passed one, so they are fetched again (another planner's zones arrive live).
        if (st.teamSync.cursor > prev.teamSync.cursor && prev.teamSync.cursor > 0 && !sharedSoon && st.team.state === 'signed-in') {
          sharedSoon = setTimeout(() => {
            sharedSoon = null;
            void get().syncShared();
          }, 300);
        }
        if (st.storedPlots === prev.storedPlots) return;
        // A committed local edit wrote its op with the plot: in the same update the page shows
        // the plot as saved on this device and counted as pending, never a moment as on the
        // server (the outbox summary, read next, then says exactly what waits).
        if (markLocalEdits(st, prev)) void refreshOutbox();
        if (soon) return;
        soon = setTimeout(() => {
          soon = null;
          void refreshOutbox();
          if (!get().teamSync.running) tryNow();
        }, 800);
      });
      return () => {
        unsubscribe();
        if (soon) clearTimeout(soon);
        if (sharedSoon) clearTimeout(sharedSoon);
        globalThis.document?.removeEventListener?.('visibilitychange', visible);
        stopped = true;
        events?.abort();
        if (timer) clearTimeout(timer);
        globalThis.removeEventListener?.('online', online);
        globalThis.removeEventListener?.('offline', offline);
      };
    },

    refreshTeamOutbox: refreshOutbox,

    resolveTeamConflict: async (conflictId, choice) => {
      const conflict = get().teamConflicts.find((c) => c.conflictId === conflictId);
      const current = conflict ? get().plots[conflict.plotId] : undefined;
      if (!conflict || !current) return false;
      // The device holds the server's current plot (theirs); the chosen "mine" values go over it.
      const next = stamped(withChoice(current.plot as unknown as SyncPlot, conflict, choice));
      const result = await get().savePlot(next, {baseVersion: current.version, basePlot: current.plot, origin: 'form', resolves: conflictId});
      if (!result.ok) return false;
      settled(conflictId);
      return true;
    },

    teamConflictShown: null,
    showTeamConflict: (conflictId) => set({teamConflictShown: conflictId}),
    teamConflictPlots: {},

    loadTeamConflictPlots: async () => {
      const wanted = new Set(get().teamConflicts.map((c) => c.plotId).filter((id) => !get().plots[id]));
      if (wanted.size === 0 || !link.repository) return;
      try {
        const deleted = await link.repository.loadDeleted();
        set({teamConflictPlots: Object.fromEntries(deleted.filter((r) => wanted.has(r.plot.properties.id)).map((r) => [r.plot.properties.id, r]))});
      } catch {
        // The storage panel reports a lost connection; the conflict stays listed.
      }
    },

    resolveTeamDeletion: async (conflictId, keep) => {
      const conflict = get().teamConflicts.find((c) => c.conflictId === conflictId);
      if (!conflict) return false;
      const live = get().plots[conflict.plotId];
      if (!get().teamConflictPlots[conflict.plotId] && !live) await get().loadTeamConflictPlots();
      const gone = live ? undefined : get().teamConflictPlots[conflict.plotId];
      if (!live && !gone) return false;
      if (keep === 'plot' && live) {
        // The plot is here as the server holds it: keeping it changes nothing but the conflict.
        return get().resolveTeamConflict(conflictId, {});
      }
      let result;
      if (keep === 'plot' && gone) {
        // Back from its tombstone with the edit that met the deletion (a create carrying `resolves`).
        const plot = withChoice(gone.plot as unknown as SyncPlot, conflict, Object.fromEntries(conflict.fields.map((f) => [f.field, 'mine'])));
        result = await get().savePlot(stamped(plot), {baseVersion: gone.version, basePlot: null, origin: 'form', resolves: conflictId});
      } else {
        const record = (live ?? gone)!;
        result = await get().deletePlot(conflict.plotId, {baseVersion: record.version, basePlot: record.plot, origin: 'delete', resolves: conflictId});
      }
      if (!result.ok) return false;
      settled(conflictId);
      return true;
    },

    unsentOpsText: async () => {
      const all: OutboxEntry[] = (await outbox()?.all().catch(() => [])) ?? [];
      const unsent = all.filter((e) => e.state !== 'sent').map(({op, state, reason}) => ({state, reason: reason ?? null, op}));
      const s = session();
      return JSON.stringify({kind: 'qh-remediation-unsent-ops', exportedAt: new Date().toISOString(), device: s?.deviceName ?? null, user: s?.user.name ?? null, ops: unsent}, null, 2);
    },
  };
};

/** The state of a plot for the list: what the outbox, the conflicts and the last pull say. */
export function plotSyncState(s: Pick<AppState, 'team' | 'teamOutbox' | 'teamOnServer' | 'teamConflicts'> & Partial<Pick<AppState, 'saveState'>>, plotId: string): PlotSyncState | null {
  if (s.team.state === 'signed-out' || s.team.state === 'signing-in') return null;
  if (s.teamConflicts.some((c) => c.plotId === plotId)) return 'conflict';
  // The page shows an edit not yet stored (saving, or not saved): only here, whatever the server holds.
  const save = s.saveState?.[plotId]?.state;
  if (save === 'saving' || save === 'not-saved') return 'device';
  const waiting = s.teamOutbox[plotId];
  if (waiting) return waiting.state === 'rejected' ? 'rejected' : waiting.state === 'sent' ? 'sent' : 'device';
  return s.teamOnServer.has(plotId) ? 'server' : 'device';
}

/** Why this session may not edit the plot (null: it may). A device with no session edits as before. */
export function editBlock(s: Pick<AppState, 'team'>, plot?: Plot | null): 'viewer' | 'other-team' | null {
  const t = s.team;
  if (t.state !== 'signed-in' && t.state !== 'revoked') return null;
  if (t.user.role === 'viewer') return 'viewer';
  if (t.user.role === 'surveyor' && plot && t.user.team !== null && plot.properties.team !== t.user.team) return 'other-team';
  return null;
}

/** The conflicts this session is shown: planners and admins all; a surveyor its own. */
export function visibleConflicts(s: Pick<AppState, 'team' | 'teamConflicts'>): readonly Conflict[] {
  const t = s.team;
  if (t.state !== 'signed-in' && t.state !== 'revoked') return [];
  if (t.user.role === 'planner' || t.user.role === 'admin') return s.teamConflicts;
  return s.teamConflicts.filter((c) => c.user === t.user.name);
}

/** The device's copy of a conflict's plot: live, else the deleted plot's last state (null: none). */
export function conflictPlot(s: Pick<AppState, 'plots' | 'teamConflictPlots'>, plotId: string): PlotRecord | null {
  return s.plots[plotId] ?? s.teamConflictPlots[plotId] ?? null;
}

/** The shapes of the conflict the map shows, or null when none is shown (or it was settled). */
export function shownConflictShapes(s: Pick<AppState, 'plots' | 'teamConflictPlots' | 'teamConflicts' | 'teamConflictShown'>): (ConflictShapes & {readonly plotId: string}) | null {
  const conflict = s.teamConflictShown ? s.teamConflicts.find((c) => c.conflictId === s.teamConflictShown) : undefined;
  if (!conflict) return null;
  return {...conflictShapes(conflict, conflictPlot(s, conflict.plotId)?.plot ?? null), plotId: conflict.plotId};
}

/**
 * Whether a failed request to a team server at another origin failed because it does not allow
 * this app's origin: fetch reports that and no signal alike (a TypeError), so the server's
 * health route tells any origin `originAllowed: false` (cors.ts).
 */
async function refusedCrossOrigin(server: string, http: typeof fetch): Promise<boolean> {
  if (!server || typeof location === 'undefined') return false;
  try {
    if (new URL(server).origin === location.origin) return false;
    const res = await http(`${server}/api/health`, {cache: 'no-store'});
    return ((await res.json()) as {originAllowed?: unknown}).originAllowed === false;
  } catch {
    return false;
  }
}
