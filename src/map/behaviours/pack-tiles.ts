import * as maplibregl from 'maplibre-gl';
import {CONTOUR_PROTOCOL, PACK_PROTOCOL} from '../../catalogue/packs';
import {PackContourTiles} from '../pack-contours';
import {PackTileReader} from '../pack-protocol';
import type {Detach, MapStore} from './types';

/**
 * Basemap packs on the device are read through their own protocol. Attached before the map
 * is made (its first style may already name pack tiles); a deleted pack's file is let go.
 * A terrain pack's contour lines are made from the same reader's DEM tiles.
 */
export function attachPackTiles(store: MapStore): Detach {
  const reader = new PackTileReader((id) => store.getState().packStorage.readPack(id));
  maplibregl.addProtocol(PACK_PROTOCOL, reader.load);
  const contours = new PackContourTiles(
    reader.tile,
    (id) => store.getState().packs.find((p) => p.id === id),
  );
  maplibregl.addProtocol(CONTOUR_PROTOCOL, contours.load);
  const unsubscribe = store.subscribe((state, prev) => {
    if (state.packs === prev.packs) return;
    const ids = state.packs.map((p) => p.id);
    reader.retain(ids);
    contours.retain(ids);
  });
  return () => {
    unsubscribe();
    maplibregl.removeProtocol(PACK_PROTOCOL);
    maplibregl.removeProtocol(CONTOUR_PROTOCOL);
  };
}
