import type * as maplibregl from 'maplibre-gl';
import type {LayerId} from '../../catalogue/types';
import {bboxOfGeoJson} from '../../geo/bbox';
import type {BBox} from '../../geo/bbox';
import type {Camera} from '../../state/presenter-slice';
import type {MapCommands} from '../map-commands';
import type {Detach, MapStore} from './types';

export type CameraCommands = Pick<MapCommands, 'flyTo' | 'zoomToLayer' | 'zoomToPlot' | 'setViewInset'> & {readonly detach: Detach};

const fit = (map: maplibregl.Map, bbox: BBox | null, padding: number, maxZoom: number, duration?: number) => {
  if (bbox) map.fitBounds([bbox[0], bbox[1], bbox[2], bbox[3]], {padding, maxZoom, ...(duration === undefined ? {} : {duration})});
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
    // A jump, not a flight: with 10,000 plots every frame of a flight draws them again and every
    // zoom level on the way is cut into tiles, while the user opens the form and saves it (issue
    // 11: frames of 15-120 ms under SwiftShader in the traces of one edit).
    fit(map, plot ? bboxOfGeoJson(plot) : null, 60, 17, 0);
  };
  // The phone's bottom sheet covers the foot of the map: centre the view in what is left and
  // keep the shape open in the form (just drawn, say) above the sheet, zooming out only if it must.
  const keepFormPlotInView = () => {
    const plot = store.getState().form?.plot;
    const bbox = plot ? bboxOfGeoJson(plot) : null;
    if (!bbox) return;
    const {width, height} = map.getContainer().getBoundingClientRect();
    const bottom = height - (map.getPadding().bottom ?? 0);
    const margin = 12;
    const corners = [map.project([bbox[0], bbox[1]]), map.project([bbox[2], bbox[3]])];
    const inside = corners.every((p) => p.x >= margin && p.x <= width - margin && p.y >= margin && p.y <= bottom - margin);
    if (!inside) map.fitBounds([bbox[0], bbox[1], bbox[2], bbox[3]], {padding: 40, maxZoom: map.getZoom(), duration: 0});
  };
  const setViewInset = async (bottom: number) => {
    const inset = Math.max(0, Math.round(bottom));
    if ((map.getPadding().bottom ?? 0) !== inset) map.setPadding({top: 0, left: 0, right: 0, bottom: inset});
    keepFormPlotInView();
  };
  // A form opening while the sheet is already up.
  const unsubscribe = store.subscribe((s, prev) => {
    if (s.form && s.form !== prev.form && (map.getPadding().bottom ?? 0) > 0) keepFormPlotInView();
  });
  return {flyTo, zoomToLayer, zoomToPlot, setViewInset, detach: () => {
    cancelAnimationFrame(frame);
    unsubscribe();
  }};
}
