import type * as maplibregl from 'maplibre-gl';
import type {MapCommandHub, MapCommands} from './map-commands';
import {selectStyleInputs} from './map-style';
import {renderThumbnail} from './map-thumbnail';
import {exposeMapForTests} from './test-hook';
import {attachAttribution} from './behaviours/attribution';
import {cameraCommands} from './behaviours/camera-commands';
import {attachCameraReport} from './behaviours/camera-report';
import {attachConflictShapes} from './behaviours/conflict-shapes';
import {attachControlLocale} from './behaviours/control-locale';
import {createMap} from './behaviours/create-map';
import {attachCursorPosition} from './behaviours/cursor-position';
import {attachDrawing} from './behaviours/drawing';
import {attachStatus} from './behaviours/map-status';
import {attachHighlight} from './behaviours/highlight';
import {attachPackTiles} from './behaviours/pack-tiles';
import {attachTiandituTiles} from './behaviours/tianditu-tiles';
import {attachPicking} from './behaviours/picking';
import {attachSlideCamera} from './behaviours/slide-camera';
import {attachStyleSync} from './behaviours/style-sync';
import {attachWalkFollow} from './behaviours/walk-follow';
import type {Detach, MapStore} from './behaviours/types';

// The sheet and PDF renderers load with the first export, not with the map (issue 11); the
// thumbnail stays at hand, as it copies the drawing buffer at once.
const mapExport = () => import('./map-export');

/**
 * Makes the map in `container` once the layer files are loaded, attaches each behaviour
 * (one per file in behaviours/) and hands the map's commands to `hub`. The returned function
 * takes everything down again, in reverse order. If no map can be made the store's map status
 * says why and the hub refuses commands.
 */
export function mountMap(container: HTMLElement, store: MapStore, hub: MapCommandHub): Detach | undefined {
  const inputs = selectStyleInputs(store.getState());
  if (!inputs) return undefined;
  const detachPackProtocol = attachPackTiles(store);
  const detachTianditu = attachTiandituTiles(store);
  const detachPacks = () => {
    detachTianditu();
    detachPackProtocol();
  };
  let map: maplibregl.Map;
  try {
    map = createMap(container, store, inputs);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    store.getState().setMapStatus('error', reason);
    hub.fail(reason);
    detachPacks();
    return undefined;
  }
  const camera = cameraCommands(map, store);
  const drawing = attachDrawing(map, store);
  const commands: MapCommands = {
    flyTo: camera.flyTo,
    zoomToLayer: camera.zoomToLayer,
    zoomToPlot: camera.zoomToPlot,
    drawing: drawing.run,
    setViewInset: camera.setViewInset,
    exportImage: async (scale, text) => (await mapExport()).renderMapSheet(map, scale, text),
    exportPdf: async (paper, text) => (await mapExport()).renderMapPdf(map, paper, text),
    thumbnail: (width) => renderThumbnail(map, width),
  };
  const detachers: Detach[] = [
    attachControlLocale(map, store),
    attachAttribution(map, store),
    attachStatus(map, store),
    attachCameraReport(map, store),
    attachCursorPosition(map, store),
    attachPicking(map, store),
    attachHighlight(map, store),
    attachConflictShapes(map, store),
    attachWalkFollow(map, store),
    attachStyleSync(map, store, inputs),
    camera.detach,
    attachSlideCamera(store, camera.flyTo),
    drawing.detach,
    hub.attach(commands),
  ];
  if (import.meta.env.MODE === 'e2e') detachers.push(exposeMapForTests(map));
  return () => {
    for (const detach of detachers.reverse()) detach();
    map.remove();
    detachPacks();
  };
}
