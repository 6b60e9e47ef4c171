import type {Position} from 'geojson';
import {basemapDetailAlong} from '../geo/packs/pack-coverage';
import type {BasemapDetail} from '../geo/packs/pack-coverage';
import type {AppState} from './store';

const FIELD_TOOLS: readonly AppState['tool'][] = ['draw', 'edit-shape', 'walk'];

/** The points a field tool is placing: the shape's vertices, else the last GPS fix, else the map's centre. */
function placedPoints(s: AppState): Position[] {
  const g = s.draftGeometry;
  if (g) return g.type === 'Polygon' ? g.coordinates.flat() : g.coordinates.flat(2);
  if (s.tool === 'walk' && s.walk.vertices.length > 0) return [...s.walk.vertices];
  if (s.tool === 'walk' && s.walk.lastGoodFix) return [[s.walk.lastGoodFix.lon, s.walk.lastGoodFix.lat]];
  return s.camera ? [[s.camera.center[0], s.camera.center[1]]] : [];
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
