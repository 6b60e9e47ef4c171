import type {ExpressionSpecification, FilterSpecification, LayerSpecification} from '@maplibre/maplibre-gl-style-spec';
import {BASEMAP_SOURCE} from './basemap';
import {FONT_STACK, kindIs} from './style-helpers';
import type {LayerId} from './types';

/**
 * MapLibre keeps labels apart from each other, but a circle layer takes no part in that: a
 * station's label could sit on a park's circle next to it (德令哈 at z7, issue 12). So every
 * point symbol gets an invisible twin in a symbol layer — one full-width glyph the size of the
 * dot, always placed (`text-allow-overlap`) and entered in the collision index
 * (`text-ignore-placement: false`) — drawn above every label layer, so it is placed first and
 * each label then takes a side of its symbol that is free (their variable anchors).
 *
 * A CJK glyph is one em wide and, with a line height of 1, one em high: a dot of outer
 * diameter d (radius + stroke, both sides) gets text-size d, its box the dot's bounding square.
 */
export const KEEP_CLEAR_PREFIX = 'keep-clear:';

/** The glyph: any full-width character the app's Chinese font covers; drawn with opacity 0. */
const BOX_GLYPH = '口';

/** Each point symbol the labels must keep clear of: its source, filter and outer diameter (px). */
const POINT_SYMBOLS: readonly {id: string; layer: LayerId | null; source: string; filter: FilterSpecification; size: number | ExpressionSpecification; minzoom?: number}[] = [
  // basemap:town — radius 4 (rank 1) or 3, stroke 1.5.
  {id: 'towns', layer: null, source: BASEMAP_SOURCE, filter: kindIs('town'), size: ['case', ['==', ['get', 'rank'], 1], 11, 9]},
  // industrial-parks:circle — radius 4 → 9 px from z4 to z10, stroke 2.5.
  {id: 'parks', layer: 'industrial-parks', source: 'industrial-parks', filter: ['==', ['geometry-type'], 'Point'], size: ['interpolate', ['linear'], ['zoom'], 4, 13, 10, 23]},
  // rail-lines:station — radius 4, stroke 2, from z5.
  {id: 'stations', layer: 'rail-lines', source: 'rail-lines', filter: kindIs('station'), size: 12, minzoom: 5},
];

/** The keep-clear layers; `visible(layer)` says whether that catalogue layer is shown (a hidden layer's dots are not kept clear). */
export function keepClearLayers(visible: (layer: LayerId) => boolean): LayerSpecification[] {
  return POINT_SYMBOLS.map((p) => ({
    id: `${KEEP_CLEAR_PREFIX}${p.id}`,
    type: 'symbol',
    source: p.source,
    filter: p.filter,
    ...(p.minzoom === undefined ? {} : {minzoom: p.minzoom}),
    metadata: {'qh:keep-clear': true},
    layout: {
      visibility: p.layer === null || visible(p.layer) ? 'visible' : 'none',
      'text-field': BOX_GLYPH,
      'text-font': FONT_STACK,
      'text-size': p.size,
      'text-padding': 0,
      // One line of one em: the box is the glyph's em square, d × d.
      'text-line-height': 1,
      'text-allow-overlap': true,
      'text-ignore-placement': false,
    },
    paint: {'text-opacity': 0},
  }));
}
