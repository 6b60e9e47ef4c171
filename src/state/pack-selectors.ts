import type {Position} from 'geojson';
import {basemapDetailAlong} from '../geo/packs/pack-coverage';
import type {BasemapDetail} from '../geo/packs/pack-coverage';
import type {AppState} from './store';

const FIELD_TOOLS: readonly AppState['tool'][] = ['draw', 'edit-shape', 'walk'];

/**
 * The points a field tool is placing: a finished shape's vertices; a walk's vertices or last
 * GPS fix; while drawing, the map's centre and the pointer (the next vertex goes where it is).
 */
function placedPoints(s: AppState): Position[] {
  const g = s.draftGeometry;
  if (g) return g.type === 'Polygon' ? g.coordinates.flat() : g.coordinates.flat(2);
  if (s.tool === 'walk') {
    if (s.walk.vertices.length > 0) return [...s.walk.vertices];
    if (s.walk.lastGoodFix) return [[s.walk.lastGoodFix.lon, s.walk.lastGoodFix.lat]];
  }
  const points: Position[] = s.camera ? [[s.camera.center[0], s.camera.center[1]]] : [];
  if (s.tool !== 'walk' && s.cursor) points.push([s.cursor[0], s.cursor[1]]);
  return points;
}

/**
 * While a plot is drawn, edited or walked: whether it is placed against no detailed basemap
 * (outside every pack, or zoomed past what the packs hold). Null when all is covered or no
 * field tool is on. Use with `useShallow`: the result is a new object each time.
 */
export function selectBasemapNotice(s: AppState): Exclude<BasemapDetail, {status: 'detailed'}> | null {
  if (!FIELD_TOOLS.includes(s.tool)) return null;
  const points = placedPoints(s);
  if (points.length === 0) return null;
  const detail = basemapDetailAlong(s.packs, points, s.camera?.zoom ?? 0);
  return detail.status === 'detailed' ? null : detail;
}
