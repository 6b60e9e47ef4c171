import type * as maplibregl from 'maplibre-gl';
import type {LayerId} from '../../catalogue/types';
import {bboxOfGeoJson} from '../../geo/bbox';
import type {BBox} from '../../geo/bbox';
import type {Camera} from '../../state/presenter-slice';
import type {MapCommands} from '../map-commands';
import type {Detach, MapStore} from './types';

export type CameraCommands = Pick<MapCommands, 'flyTo' | 'zoomToLayer' | 'zoomToPlot'> & {readonly detach: Detach};

const fit = (map: maplibregl.Map, bbox: BBox | null, padding: number, maxZoom: number) => {
  if (bbox) map.fitBounds([bbox[0], bbox[1], bbox[2], bbox[3]], {padding, maxZoom});
};

/** The camera moves the UI asks for: fly to a saved view, fit a layer, fit a plot. */
export function cameraCommands(map: maplibregl.Map, store: MapStore): CameraCommands {
  let frame = 0;
  const flyTo = async ({center, zoom, bearing, pitch}: Camera) => {
    // Starting or leaving a presentation changes the map's size in the same update: fly
    // once React has laid the page out, from the map's new size, or the view lands off-centre.
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(() => {
      frame = requestAnimationFrame(() => {
        map.resize();
        map.flyTo({center: [center[0], center[1]], zoom, bearing, pitch, duration: 2500, essential: true});
      });
    });
  };
  const zoomToLayer = async (layerId: LayerId) => fit(map, store.getState().geodata?.[layerId].bbox ?? null, 40, 12);
  const zoomToPlot = async (plotId: string) => {
    const plot = store.getState().plots[plotId]?.plot;
    fit(map, plot ? bboxOfGeoJson(plot) : null, 60, 17);
  };
  return {flyTo, zoomToLayer, zoomToPlot, detach: () => cancelAnimationFrame(frame)};
}
