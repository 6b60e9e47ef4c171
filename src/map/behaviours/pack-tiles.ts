import * as maplibregl from 'maplibre-gl';
import {PACK_PROTOCOL} from '../../catalogue/packs';
import {PackTileReader} from '../pack-protocol';
import type {Detach, MapStore} from './types';

/**
 * Basemap packs on the device are read through their own protocol. Attached before the map
 * is made (its first style may already name pack tiles); a deleted pack's file is let go.
 */
export function attachPackTiles(store: MapStore): Detach {
  const reader = new PackTileReader((id) => store.getState().packStorage.readPack(id));
  maplibregl.addProtocol(PACK_PROTOCOL, reader.load);
  const unsubscribe = store.subscribe((state, prev) => {
    if (state.packs !== prev.packs) reader.retain(state.packs.map((p) => p.id));
  });
  return () => {
    unsubscribe();
    maplibregl.removeProtocol(PACK_PROTOCOL);
  };
}
