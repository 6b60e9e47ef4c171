import type {StateCreator} from 'zustand';
import {bboxOfGeoJson} from '../geo/bbox';
import {labelPointsOf} from '../geo/label-point';
import {INDICATIVE_ZONES, withOfficialZones, type OfficialZones, type ZonesSource} from '../geo/zones-import';
import {zonesStore, type ZonesStore} from './persistence/zones-db';
import type {AppState, LoadedSource} from './store';

export type ZonesResult = {readonly ok: true} | {readonly ok: false; readonly message: string};

/**
 * Which subsidence zones the whole app uses. Official zones, once loaded, replace the
 * indicative ones inside `geodata.datong` itself, so the map layer, legend, zone suggestion,
 * snapping, dashboard and exports all read them from the one place they already read zones.
 * The shipped layer is kept aside so reverting restores it exactly.
 */
export type ZonesSlice = {
  officialZones: OfficialZones | null;
  /** The shipped Datong layer while official zones stand in for its zones. */
  indicativeDatong: LoadedSource | null;
  zonesStore: ZonesStore | null;
  /** Reads official zones kept on this device, if any, and puts them in place. */
  loadStoredZones: (store?: ZonesStore) => Promise<ZonesResult>;
  /** Writes official zones to the device, then (only once stored) uses them everywhere. */
  applyOfficialZones: (zones: OfficialZones, store?: ZonesStore) => Promise<ZonesResult>;
  /** Forgets the official zones on this device and goes back to the indicative ones. */
  revertToIndicativeZones: (store?: ZonesStore) => Promise<ZonesResult>;
  /** Puts the current zones into freshly loaded geodata (called by loadGeodata). */
  placeZones: () => void;
  /**
   * Follows zone changes made in other tabs of this app (BroadcastChannel): they re-read the
   * zones from the device. Returns the function that stops following.
   */
  followZonesInOtherTabs: () => () => void;
};

const ZONES_CHANNEL = 'qh-remediation-zones';

/** Tells other tabs the zones changed; a browser without BroadcastChannel simply does not. */
function announceZonesChanged(): void {
  if (typeof BroadcastChannel === 'undefined') return;
  const channel = new BroadcastChannel(ZONES_CHANNEL);
  channel.postMessage('changed');
  channel.close();
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

function sourceOf(features: LoadedSource['features']): LoadedSource {
  return {features, labels: labelPointsOf(features), bbox: bboxOfGeoJson(features)};
}

export const createZonesSlice: StateCreator<AppState, [], [], ZonesSlice> = (set, get) => {
  const storeOf = (store?: ZonesStore): ZonesStore => {
    if (store) return store;
    const current = get().zonesStore;
    if (current) return current;
    const created = zonesStore();
    set({zonesStore: created});
    return created;
  };
  const place = (official: OfficialZones | null) => {
    const {geodata, indicativeDatong} = get();
    if (!geodata) return;
    const shipped = indicativeDatong ?? geodata.datong;
    if (official) set({geodata: {...geodata, datong: sourceOf(withOfficialZones(shipped.features, official))}, indicativeDatong: shipped});
    else if (indicativeDatong) set({geodata: {...geodata, datong: indicativeDatong}, indicativeDatong: null});
  };
  return {
    officialZones: null,
    indicativeDatong: null,
    zonesStore: null,
    loadStoredZones: async (store) => {
      try {
        const stored = await storeOf(store).load();
        set({officialZones: stored});
        place(stored);
        return {ok: true};
      } catch (e) {
        return {ok: false, message: messageOf(e)};
      }
    },
    applyOfficialZones: async (zones, store) => {
      try {
        await storeOf(store).save(zones);
      } catch (e) {
        return {ok: false, message: messageOf(e)};
      }
      set({officialZones: zones});
      place(zones);
      announceZonesChanged();
      // Shared with the team when signed in (shared-slice.ts); a refused or offline send stays pending.
      void get().shareSet('zone');
      return {ok: true};
    },
    revertToIndicativeZones: async (store) => {
      try {
        await storeOf(store).clear();
      } catch (e) {
        return {ok: false, message: messageOf(e)};
      }
      set({officialZones: null});
      place(null);
      announceZonesChanged();
      return {ok: true};
    },
    placeZones: () => place(get().officialZones),
    followZonesInOtherTabs: () => {
      if (typeof BroadcastChannel === 'undefined') return () => {};
      const channel = new BroadcastChannel(ZONES_CHANNEL);
      channel.onmessage = () => void get().loadStoredZones();
      return () => channel.close();
    },
  };
};

/** Which zones the by-zone figures are by. */
export const selectZonesSource = (s: Pick<AppState, 'officialZones'>): ZonesSource => s.officialZones?.source ?? INDICATIVE_ZONES;
