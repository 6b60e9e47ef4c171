import type {StateCreator} from 'zustand';
import {fetchShared, knownOf, officialZonesOf, pushSet, slideItems, slidesOf, zoneItems, type KnownRecords, type SharedConflict, type SharedFailure, type TeamFetch} from '../sync/shared-client';
import type {SharedKind} from '../sync/shared-protocol';
import {normaliseSlide, type Slide} from './presenter-slice';
import type {AppState} from './store';

/*
 * Shared zones and slides (issue 14 item 7, docs/sync.md): while a team session exists, official
 * zones a planner loads and the presenter's saved slides are also written to the team server,
 * and on connecting the server's are fetched and kept on this device. A stale write (409) keeps
 * both: this device's copy stays in place, the server's is held in `sharedConflicts` for the
 * user to choose. What this device last knew of the server (versions) and whether it has
 * changes not yet sent are kept in localStorage so neither is lost on a reload.
 */

export type SharedStatus =
  | {readonly state: 'idle' | 'syncing' | 'synced'}
  | {readonly state: 'failed'; readonly code: SharedFailure['code']; readonly status: number | null};

export type SharedMeta = {
  readonly known: Readonly<Record<SharedKind, KnownRecords>>;
  /** A change made on this device that the server has not acknowledged. */
  readonly pending: Readonly<Record<SharedKind, boolean>>;
};

export type SharedSlice = {
  sharedMeta: SharedMeta;
  sharedConflicts: readonly SharedConflict[];
  sharedStatus: SharedStatus;
  /** Where sharedMeta is kept between reloads (tests hand in a MemoryStorage; null: not kept). */
  sharedMetaStorage: Storage | null;
  /**
   * The authenticated fetch for the team server, or null when signed out. Today built from
   * packs-slice's session; the integrator swaps in the sync engine's teamFetch.
   */
  sharedFetch: () => TeamFetch | null;
  /** Sends this device's zones (the loaded official set) or slides to the server, if signed in. */
  shareSet: (kind: SharedKind) => Promise<void>;
  /** On sign-in or reconnect: sends what is pending, then fetches the server's and keeps it here. */
  syncShared: () => Promise<void>;
  /** Settles a conflict: keep this device's copy (written over the server's) or take the server's. */
  resolveSharedConflict: (kind: SharedKind, id: string, keep: 'mine' | 'theirs') => Promise<void>;
};

const META_KEY = 'qh-remediation-shared';
const EMPTY_META: SharedMeta = {known: {zone: {}, slide: {}}, pending: {zone: false, slide: false}};

function readMeta(storage: Storage | null): SharedMeta {
  try {
    const raw = storage?.getItem(META_KEY);
    const parsed = raw ? (JSON.parse(raw) as SharedMeta) : null;
    if (parsed?.known?.zone && parsed.known.slide && parsed.pending) return parsed;
  } catch {
    // An unreadable entry is as good as none: the next fetch rebuilds it.
  }
  return EMPTY_META;
}

const defaultStorage = (): Storage | null => {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
};

/** Whether two views of the server's records name the same live records at the same versions and data. */
export function sameKnown(a: KnownRecords, b: KnownRecords): boolean {
  const live = (k: KnownRecords) => Object.entries(k).filter(([, r]) => !r.deleted).map(([id, r]) => `${id}\u0000${r.version}\u0000${r.json}`).sort().join('\n');
  return live(a) === live(b);
}

export const createSharedSlice: StateCreator<AppState, [], [], SharedSlice> = (set, get) => {
  const storage = defaultStorage();
  const setMeta = (meta: SharedMeta) => {
    set({sharedMeta: meta});
    try {
      get().sharedMetaStorage?.setItem(META_KEY, JSON.stringify(meta));
    } catch {
      // Full or blocked storage: the versions are fetched again on the next connect.
    }
  };
  const patchMeta = (kind: SharedKind, known: KnownRecords | null, pending: boolean) => {
    const m = get().sharedMeta;
    setMeta({known: {...m.known, [kind]: known ?? m.known[kind]}, pending: {...m.pending, [kind]: pending}});
  };
  const itemsOf = (kind: SharedKind) => {
    if (kind === 'zone') {
      const official = get().officialZones;
      return official ? zoneItems(official) : [];
    }
    return slideItems(get().slides);
  };
  const withConflicts = (kind: SharedKind, conflicts: readonly SharedConflict[]) => {
    const ids = new Set(conflicts.map((c) => c.id));
    return [...get().sharedConflicts.filter((c) => c.kind !== kind || !ids.has(c.id)), ...conflicts];
  };
  /** Keeps the server's set on this device; `sharedMeta.known` is set first so storing it sends nothing back. */
  const adopt = async (kind: SharedKind, records: Parameters<typeof knownOf>[0]) => {
    if (kind === 'zone') {
      const zones = officialZonesOf(records as Parameters<typeof officialZonesOf>[0]);
      if (zones) await get().applyOfficialZones(zones);
    } else {
      const slides = slidesOf(records as Parameters<typeof slidesOf>[0]).map(normaliseSlide).filter((s): s is Slide => s !== null);
      get().replaceSlides(slides);
    }
  };

  /** 'done': sent with no conflict; 'forbidden': this role may not write (nothing to send, ever). */
  const push = async (kind: SharedKind): Promise<'done' | 'conflicts' | 'failed' | 'forbidden'> => {
    const fetch = get().sharedFetch();
    if (!fetch) return 'failed';
    const known = get().sharedMeta.known[kind];
    // Deletions only of what this device knew was there: a first push never removes others' records.
    const out = await pushSet(fetch, kind, itemsOf(kind), known, Object.keys(known).length > 0);
    const forbidden = out.failure?.code === 'forbidden';
    // Still pending while a conflict waits: the next connect meets it again rather than taking the server's over this copy.
    patchMeta(kind, out.known, (out.failure !== null && !forbidden) || out.conflicts.length > 0);
    set({sharedConflicts: withConflicts(kind, out.conflicts)});
    if (forbidden) return 'forbidden';
    if (out.failure) {
      set({sharedStatus: {state: 'failed', code: out.failure.code, status: out.failure.status}});
      return 'failed';
    }
    return out.conflicts.length === 0 ? 'done' : 'conflicts';
  };

  let running: Promise<void> | null = null;
  let again = false;
  /** Sends what is pending, then takes the server's set (only when it differs from what this device knew). */
  const syncSharedOnce = async (): Promise<void> => {
    const fetch = get().sharedFetch();
    if (!fetch) return;
    set({sharedStatus: {state: 'syncing'}});
    for (const kind of ['zone', 'slide'] as const) {
      let listed = await fetchShared(fetch, kind);
      if (!listed.ok) return set({sharedStatus: {state: 'failed', code: listed.code, status: listed.status}});
      const mine = itemsOf(kind);
      // A change made here while away is sent (a stale one becomes a conflict); the first device to connect seeds the server.
      // A role that may not write (a surveyor, a viewer) is refused 403 and simply takes the server's.
      const send = get().sharedMeta.pending[kind] || (!listed.records.some((r) => !r.deleted) && mine.length > 0);
      const pushed = send ? await push(kind) : 'skipped';
      if (pushed === 'failed') return;
      // Both copies are kept: this device's stays in place, the server's waits in sharedConflicts.
      if (pushed === 'conflicts') continue;
      if (pushed === 'done') {
        listed = await fetchShared(fetch, kind);
        if (!listed.ok) return set({sharedStatus: {state: 'failed', code: listed.code, status: listed.status}});
      }
      const known = knownOf(listed.records);
      // Nothing new on the server since this device last took its set: no need to write it again.
      const unchanged = pushed === 'skipped' && mine.length > 0 && sameKnown(get().sharedMeta.known[kind], known);
      patchMeta(kind, known, false);
      if (!unchanged && listed.records.some((r) => !r.deleted)) await adopt(kind, listed.records);
    }
    if (get().sharedStatus.state === 'syncing') set({sharedStatus: {state: 'synced'}});
  };

  return {
    sharedMeta: readMeta(storage),
    sharedConflicts: [],
    sharedStatus: {state: 'idle'},
    sharedMetaStorage: storage,
    // The one team session's fetch (team-slice): bearer token, refresh, the server's address.
    sharedFetch: () => (get().team.state === 'signed-in' ? (path, init) => get().teamFetch(path, init) : null),

    shareSet: async (kind) => {
      // Marked first, so a change made offline is still sent after a reload.
      patchMeta(kind, null, true);
      if (!get().sharedFetch()) return;
      set({sharedStatus: {state: 'syncing'}});
      const result = await push(kind);
      if (result === 'done' || result === 'forbidden') set({sharedStatus: {state: 'synced'}});
      else if (result === 'conflicts') set({sharedStatus: {state: 'idle'}});
    },

    syncShared: async () => {
      // One run at a time: a call while one runs (a live pull passed a shared write) runs once more after it.
      if (running) {
        again = true;
        return running;
      }
      running = (async () => {
        do {
          again = false;
          await syncSharedOnce();
        } while (again);
      })().finally(() => {
        running = null;
      });
      return running;
    },

    resolveSharedConflict: async (kind, id, keep) => {
      const conflict = get().sharedConflicts.find((c) => c.kind === kind && c.id === id);
      if (!conflict) return;
      set({sharedConflicts: get().sharedConflicts.filter((c) => c !== conflict)});
      if (keep === 'mine') {
        // Written over the server's copy the user saw (its version), nothing older.
        if (conflict.theirs) patchMeta(kind, knownOf([conflict.theirs], get().sharedMeta.known[kind]), true);
        return get().shareSet(kind);
      }
      const theirs = conflict.theirs;
      if (conflict.theirs) patchMeta(kind, knownOf([conflict.theirs], get().sharedMeta.known[kind]), get().sharedMeta.pending[kind]);
      if (kind === 'zone') {
        const official = get().officialZones;
        if (!official) return;
        const zone = theirs && !theirs.deleted ? (theirs.data as {zone: (typeof official.zones)[number]}).zone : null;
        const zones = zone ? official.zones.map((z) => (z.properties.id === id ? zone : z)) : official.zones.filter((z) => z.properties.id !== id);
        await get().applyOfficialZones({...official, zones, source: {...official.source, zones: zones.length}});
      } else {
        const slide = theirs && !theirs.deleted ? normaliseSlide((theirs.data as {slide: unknown}).slide) : null;
        get().replaceSlides(slide ? get().slides.map((s) => (s.id === id ? slide : s)) : get().slides.filter((s) => s.id !== id));
      }
      // Now equal to the server's: nothing to send for it, and pending clears once no other change waits.
      await get().shareSet(kind);
    },
  };
};
