import {TIANDITU_OFF, TIANDITU_SETS} from '../catalogue/tianditu';
import type {TiandituSettings} from '../catalogue/tianditu';

/*
 * The Tianditu settings, the user's key among them, kept in this browser's localStorage only:
 * never sent to the team server, never in an export or in the style.
 */

const KEY = 'qh-tianditu';

type KeyValue = Pick<Storage, 'getItem' | 'setItem'>;

const defaultStore = (): KeyValue | null => {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
};

/** The stored settings; off when nothing (or nothing valid) is stored. */
export function loadTiandituSettings(store: KeyValue | null = defaultStore()): TiandituSettings {
  try {
    const raw = JSON.parse(store?.getItem(KEY) ?? 'null') as Partial<TiandituSettings> | null;
    if (!raw || typeof raw !== 'object') return TIANDITU_OFF;
    return {
      enabled: raw.enabled === true,
      key: typeof raw.key === 'string' ? raw.key.slice(0, 128) : '',
      set: (TIANDITU_SETS as readonly string[]).includes(raw.set ?? '') ? raw.set! : 'vector',
      reviewNumber: typeof raw.reviewNumber === 'string' ? raw.reviewNumber.slice(0, 80) : '',
    };
  } catch {
    return TIANDITU_OFF;
  }
}

export function saveTiandituSettings(settings: TiandituSettings, store: KeyValue | null = defaultStore()): void {
  try {
    store?.setItem(KEY, JSON.stringify(settings));
  } catch {
    // Private mode or a full disk: the choice holds for this visit only.
  }
}
