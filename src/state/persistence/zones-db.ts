import {wrap, type DBSchema, type IDBPDatabase} from 'idb';
import type {OfficialZones} from '../../geo/zones-import';

/**
 * Official zone boundaries a planner loaded, kept on the device in their own small database,
 * apart from the plots' (plot-db.ts): a zones file never needs a plot-schema migration, and
 * clearing the zones never touches a plot.
 */
export const ZONES_DB_NAME = 'qh-remediation-zones';
const ZONES_DB_VERSION = 1;
const KEY = 'official';

interface ZonesDbSchema extends DBSchema {
  zones: {key: string; value: OfficialZones};
}

export type ZonesStore = {
  readonly load: () => Promise<OfficialZones | null>;
  /** Resolves once the browser has the record on disk (strict durability). */
  readonly save: (zones: OfficialZones) => Promise<void>;
  readonly clear: () => Promise<void>;
};

/** The zones store over an IndexedDB factory (the page's, or fake-indexeddb in tests). */
export function zonesStore(factory: IDBFactory | undefined = typeof indexedDB === 'undefined' ? undefined : indexedDB, name = ZONES_DB_NAME): ZonesStore {
  let db: Promise<IDBPDatabase<ZonesDbSchema>> | null = null;
  const open = () => {
    if (!factory) return Promise.reject(new Error('IndexedDB is not available'));
    db ??= (async () => {
      const request = factory.open(name, ZONES_DB_VERSION);
      request.addEventListener('upgradeneeded', () => void request.result.createObjectStore('zones'));
      const opened = await (wrap(request) as unknown as Promise<IDBPDatabase<ZonesDbSchema>>);
      // A cleared site or another tab upgrading: reopen next time instead of using a dead handle.
      opened.addEventListener('close', () => (db = null));
      opened.addEventListener('versionchange', () => {
        opened.close();
        db = null;
      });
      return opened;
    })();
    db.catch(() => (db = null));
    return db;
  };
  return {
    load: async () => (await (await open()).get('zones', KEY)) ?? null,
    save: async (zones) => {
      const tx = (await open()).transaction('zones', 'readwrite', {durability: 'strict'});
      await Promise.all([tx.store.put(zones, KEY), tx.done]);
    },
    clear: async () => {
      const tx = (await open()).transaction('zones', 'readwrite', {durability: 'strict'});
      await Promise.all([tx.store.delete(KEY), tx.done]);
    },
  };
}
