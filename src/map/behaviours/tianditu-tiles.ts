import * as maplibregl from 'maplibre-gl';
import {TIANDITU_PROTOCOL} from '../../catalogue/tianditu';
import {tiandituLoader} from '../tianditu-loader';
import type {Detach, MapStore} from './types';

/** The optional online Tianditu basemap's tiles come through their own protocol (tianditu-loader.ts). */
export function attachTiandituTiles(store: MapStore): Detach {
  maplibregl.addProtocol(TIANDITU_PROTOCOL, tiandituLoader(store));
  return () => maplibregl.removeProtocol(TIANDITU_PROTOCOL);
}
