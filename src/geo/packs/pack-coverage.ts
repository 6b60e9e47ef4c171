import type {Position} from 'geojson';
import type {BBox} from '../bbox';
import type {PackKind} from './pack-types';

/** What coverage needs to know of a pack. */
export type PackCoverage = {
  readonly kind: PackKind;
  readonly bounds: BBox;
  readonly maxZoom: number;
  readonly visible: boolean;
};

/**
 * Zoom levels past a pack's own maximum at which it still shows real detail. A vector tile at
 * its maximum zoom holds the data at full precision (Protomaps builds stop at z15 and are drawn
 * to z18), so vector packs stay detailed three levels further; an image pack has no more
 * pixels to give, and one level of magnification is as far as it stays legible.
 */
export const DETAIL_OVERZOOM: Readonly<Record<PackKind, number>> = {vector: 3, raster: 1, terrain: 0};

/** Only vector and imagery packs are a basemap to draw against; relief alone is not. */
const isBasemap = (p: PackCoverage): boolean => p.visible && p.kind !== 'terrain';

export const bboxHolds = (b: BBox, [lon, lat]: Position): boolean =>
  lon! >= b[0] && lon! <= b[2] && lat! >= b[1] && lat! <= b[3];

export type BasemapDetail =
  | {readonly status: 'detailed'}
  | {readonly status: 'outside'}
  /** Inside a pack, but zoomed past the detail it holds. */
  | {readonly status: 'beyond-zoom'; readonly maxZoom: number};

/** Whether a detailed basemap lies under a point at a zoom, from the packs shown on the map. */
export function basemapDetailAt(packs: readonly PackCoverage[], point: Position, zoom: number): BasemapDetail {
  const here = packs.filter((p) => isBasemap(p) && bboxHolds(p.bounds, point));
  if (here.length === 0) return {status: 'outside'};
  const maxZoom = Math.max(...here.map((p) => p.maxZoom + DETAIL_OVERZOOM[p.kind]));
  return zoom <= maxZoom ? {status: 'detailed'} : {status: 'beyond-zoom', maxZoom};
}

/**
 * The worst case over several points (the vertices being drawn): one vertex outside every
 * pack is enough for the plot to be placed by its coordinates alone.
 */
export function basemapDetailAlong(packs: readonly PackCoverage[], points: readonly Position[], zoom: number): BasemapDetail {
  let worst: BasemapDetail = {status: 'detailed'};
  for (const p of points) {
    const d = basemapDetailAt(packs, p, zoom);
    if (d.status === 'outside') return d;
    if (d.status === 'beyond-zoom') worst = d;
  }
  return worst;
}
