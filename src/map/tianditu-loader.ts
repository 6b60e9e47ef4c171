import type * as maplibregl from 'maplibre-gl';
import {parseTiandituUrl, tiandituActive, tiandituTileUrl} from '../catalogue/tianditu';
import type {MapStore} from './behaviours/types';

type LoadFn = Parameters<typeof maplibregl.addProtocol>[1];

/**
 * Fetches the tiles of the optional online Tianditu basemap (`qhtdt://…`, see
 * catalogue/tianditu.ts). Nothing is asked while the setting is off. Each tile is fetched with
 * `cache: 'no-store'` (neither read from nor written to the HTTP cache), no cookies and no
 * referrer, and handed straight to the map: the app keeps no copy in OPFS, IndexedDB or the
 * service worker's caches, so Tianditu never works offline (its terms forbid bulk download).
 */
export function tiandituLoader(store: MapStore, fetchTile: typeof fetch = (input, init) => fetch(input, init)): LoadFn {
  return async (params, abortController) => {
    const settings = store.getState().tianditu;
    const tile = parseTiandituUrl(params.url);
    if (!tile || !tiandituActive(settings)) throw new Error('Tianditu is off');
    try {
      const res = await fetchTile(tiandituTileUrl(tile.layer, tile.z, tile.x, tile.y, settings.key), {
        cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer', mode: 'cors', signal: abortController.signal,
      });
      if (!res.ok) throw new Error(`Tianditu answered ${res.status}`);
      const data = await res.arrayBuffer();
      store.getState().reportTianditu(true);
      return {data};
    } catch (err) {
      if (!abortController.signal.aborted) store.getState().reportTianditu(false);
      throw err;
    }
  };
}

