import type {
  ExpressionSpecification,
  LayerSpecification,
  SourceSpecification,
  SymbolLayerSpecification,
} from '@maplibre/maplibre-gl-style-spec';
import type {Feature, FeatureCollection} from 'geojson';
import type {Lang} from '../i18n/lang';
import type {PackRecord} from '../geo/packs/pack-types';
import PROTOMAPS_LIGHT from './protomaps-light.json';
import {FONT_STACK, perFeature} from './style-helpers';
import type {Theme} from './types';

/** MapLibre protocol the map registers (src/map/pack-protocol.ts) to read packs from the device. */
export const PACK_PROTOCOL = 'qhpack';
export const packTilesUrl = (id: string): string => `${PACK_PROTOCOL}://${id}/{z}/{x}/{y}`;
export const packSourceId = (id: string): string => `pack:${id}`;
export const PACK_OUTLINE_SOURCE = 'pack-outlines';

/**
 * Contour lines of a terrain pack are vector tiles made on the device from its DEM tiles
 * (maplibre-contour, src/map/pack-contours.ts), served through their own protocol.
 */
export const CONTOUR_PROTOCOL = 'qhcontour';
export const contourTilesUrl = (id: string): string => `${CONTOUR_PROTOCOL}://${id}/{z}/{x}/{y}`;
export const contourSourceId = (id: string): string => `pack:${id}:contours`;
/** The vector tile layer and properties the contour tiles carry. */
export const CONTOUR_LAYER = 'contours';
export const CONTOUR_ELEVATION = 'ele';
export const CONTOUR_LEVEL = 'level';
/** Below this zoom no contours are drawn: on the plateau they would be a tangle of lines. */
export const CONTOUR_MIN_ZOOM = 11;
/**
 * [minor, major] contour interval in metres from each zoom on (until the next entry). The
 * plateau is steep and high (2 200–5 000 m around Datong and Muli): 100 m lines at z11, then
 * 50 m with 250 m marked, then 10 m with 50 m marked at the zooms where plots are drawn.
 */
export const CONTOUR_INTERVALS: Readonly<Record<number, readonly [number, number]>> = {
  11: [100, 500],
  13: [50, 250],
  14: [10, 50],
};

/** The [minor, major] intervals used at zoom z, or null below the first. */
export function contourIntervalsAt(z: number): readonly [number, number] | null {
  let found: readonly [number, number] | null = null;
  for (const [from, levels] of Object.entries(CONTOUR_INTERVALS)) if (z >= Number(from)) found = levels;
  return found;
}

const withContours = (p: PackRecord): boolean => p.kind === 'terrain' && p.contours === true;

/** Scripts the shipped fonts draw (Noto Sans Latin and the Noto Sans SC simplified subset). */
const DRAWN_SCRIPTS = ['Han', 'Latin'];

/**
 * A place name the shipped fonts can draw. Protomaps tiles carry `name` in the local script
 * (Tibetan, Mongolian and Uyghur in and around Qinghai) with its `script`; the fonts have no
 * glyphs for those, so a name in another script gives way to the Chinese or English name, or to
 * no label, rather than to empty boxes.
 */
export function packNameExpression(lang: Lang): ExpressionSpecification {
  const get = (k: string): ExpressionSpecification => ['get', k];
  const drawable: ExpressionSpecification = ['in', ['coalesce', ['get', 'script'], 'Latin'], ['literal', DRAWN_SCRIPTS]];
  return lang === 'en'
    ? ['case', drawable, ['coalesce', get('name:en'), get('name'), get('name:zh-Hans'), get('name:zh'), ''], ['coalesce', get('name:en'), get('name:zh-Hans'), get('name:zh'), '']]
    : ['case', drawable, ['coalesce', get('name:zh-Hans'), get('name:zh'), get('name'), get('name:en'), ''], ['coalesce', get('name:zh-Hans'), get('name:zh'), get('name:en'), '']];
}

const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

export const OSM_ATTRIBUTION = {zh: '© OpenStreetMap 贡献者（ODbL）', en: '© OpenStreetMap contributors (ODbL)'} as const;

/**
 * The attribution MapLibre shows while the pack's tiles are on screen. The control renders
 * HTML, so the file's own words are escaped; OpenStreetMap's ODbL credit is always added for
 * packs made from OSM data.
 */
export function packAttribution(pack: PackRecord, lang: Lang): string {
  const parts = [pack.attribution, pack.openStreetMap ? OSM_ATTRIBUTION[lang] : ''].filter((p) => p.length > 0);
  return escapeHtml(parts.join(' · '));
}

export function packSources(packs: readonly PackRecord[], lang: Lang): Record<string, SourceSpecification> {
  const sources: Record<string, SourceSpecification> = {};
  for (const p of packs) {
    const common = {
      tiles: [packTilesUrl(p.id)],
      minzoom: p.minZoom,
      maxzoom: p.maxZoom,
      bounds: [...p.bounds] as [number, number, number, number],
      attribution: packAttribution(p, lang),
    };
    sources[packSourceId(p.id)] =
      p.kind === 'vector'
        ? {type: 'vector', ...common}
        : p.kind === 'terrain'
          ? {type: 'raster-dem', ...common, tileSize: p.tileSizePixels, encoding: p.encoding ?? 'terrarium'}
          : {type: 'raster', ...common, tileSize: p.tileSizePixels};
  }
  for (const p of packs.filter(withContours)) {
    sources[contourSourceId(p.id)] = {
      type: 'vector', tiles: [contourTilesUrl(p.id)], bounds: [...p.bounds] as [number, number, number, number],
      // Made from the DEM up to z15 (from a coarser DEM, its tiles are split); drawn overzoomed above.
      minzoom: CONTOUR_MIN_ZOOM, maxzoom: 15,
    };
  }
  sources[PACK_OUTLINE_SOURCE] = {type: 'geojson', data: packOutlines(packs)};
  return sources;
}

/** Each pack's covered box, for the outlines the user can switch on. */
export function packOutlines(packs: readonly PackRecord[]): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: packs.filter((p) => p.outline).map((p): Feature => {
      const [w, s, e, n] = p.bounds;
      return {type: 'Feature', properties: {id: p.id, kind: p.kind}, geometry: {type: 'Polygon', coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]]}};
    }),
  };
}

const NAME_LABEL = /"name(:[\w-]+)?"/;

/** The source name protomaps-light.json's layers are made for; each pack's layers name its own. */
export const PROTOMAPS_SOURCE = 'protomaps';

/**
 * Protomaps' style, made to draw offline: the app's fonts, no sprite icons, names the fonts cover.
 * Its layers are @protomaps/basemaps' light flavor as made at build time (protomaps-light.json,
 * checked against the library by its test), not made in the page by the library.
 */
function protomapsPackLayers(p: PackRecord, lang: Lang): LayerSpecification[] {
  const source = packSourceId(p.id);
  const visibility = p.visible ? 'visible' : 'none';
  return (PROTOMAPS_LIGHT as unknown as LayerSpecification[]).map((l) => ({...l, source}) as LayerSpecification)
    // The pack draws over the shipped basemap, which stays as the background around it.
    .filter((l) => l.type !== 'background' && l.id !== 'roads_oneway')
    .map((l): LayerSpecification => {
      const id = `${source}:${l.id}`;
      if (l.type !== 'symbol') return {...l, id, layout: {...l.layout, visibility}} as LayerSpecification;
      const layout: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(l.layout ?? {})) if (!k.startsWith('icon-')) layout[k] = v;
      if (NAME_LABEL.test(JSON.stringify(layout['text-field'] ?? ''))) layout['text-field'] = packNameExpression(lang);
      layout['text-font'] = FONT_STACK;
      layout['visibility'] = visibility;
      return {...l, id, layout} as SymbolLayerSpecification;
    });
}

/** A vector pack in another schema (tilemaker's OpenMapTiles layers…): every layer drawn plainly. */
function genericVectorLayers(p: PackRecord, theme: Theme, lang: Lang): LayerSpecification[] {
  const source = packSourceId(p.id);
  const layout = {visibility: p.visible ? 'visible' : 'none'} as const;
  return p.vectorLayers.flatMap((layer): LayerSpecification[] => {
    const isWater = /water|ocean|lake|river/i.test(layer);
    const base = {source, 'source-layer': layer};
    return [
      {...base, id: `${source}:${layer}:fill`, type: 'fill', layout, filter: ['==', ['geometry-type'], 'Polygon'],
        paint: {'fill-color': isWater ? theme.water : theme.neighbour, 'fill-opacity': 0.6, 'fill-outline-color': theme.boundary}},
      {...base, id: `${source}:${layer}:line`, type: 'line', layout, filter: ['==', ['geometry-type'], 'LineString'],
        paint: {'line-color': isWater ? theme.waterLine : theme.boundary, 'line-width': 1}},
      {...base, id: `${source}:${layer}:label`, type: 'symbol', filter: ['==', ['geometry-type'], 'Point'],
        layout: {...layout, 'text-field': packNameExpression(lang), 'text-font': FONT_STACK, 'text-size': 11},
        paint: {'text-color': theme.text, 'text-halo-color': theme.halo, 'text-halo-width': 1.5}},
    ];
  });
}

/**
 * The style layers of the packs on the device, in drawing order: vector ground (fills, lines),
 * imagery over it, relief shading over that, then every pack's labels, then the coverage outlines.
 * The shipped small-scale basemap stays underneath and shows wherever no pack has tiles.
 */
export function packLayers(packs: readonly PackRecord[], theme: Theme, lang: Lang): LayerSpecification[] {
  // The style is regenerated on every store change (a vertex drawn…): build the ≈70 layers of a
  // Protomaps pack again only when the packs, the theme or the language change.
  if (lastLayers && lastLayers.packs === packs && lastLayers.theme === theme && lastLayers.lang === lang) return lastLayers.layers;
  const layers = buildPackLayers(packs, theme, lang);
  lastLayers = {packs, theme, lang, layers};
  return layers;
}

let lastLayers: {packs: readonly PackRecord[]; theme: Theme; lang: Lang; layers: LayerSpecification[]} | null = null;

function buildPackLayers(packs: readonly PackRecord[], theme: Theme, lang: Lang): LayerSpecification[] {
  const vector = packs.filter((p) => p.kind === 'vector').flatMap((p) =>
    p.schema === 'protomaps' ? protomapsPackLayers(p, lang) : genericVectorLayers(p, theme, lang));
  const raster = packs.filter((p) => p.kind === 'raster').map((p): LayerSpecification => ({
    id: `${packSourceId(p.id)}:raster`, type: 'raster', source: packSourceId(p.id),
    layout: {visibility: p.visible ? 'visible' : 'none'},
    // Each imagery pack (an orthophoto especially) has its own opacity, to see the map through it.
    paint: {'raster-opacity': p.opacity ?? 1},
  }));
  const terrain = packs.filter((p) => p.kind === 'terrain').map((p): LayerSpecification => ({
    id: `${packSourceId(p.id)}:hillshade`, type: 'hillshade', source: packSourceId(p.id),
    layout: {visibility: p.visible ? 'visible' : 'none'},
    paint: {'hillshade-shadow-color': theme.text, 'hillshade-highlight-color': theme.halo, 'hillshade-exaggeration': 0.4},
  }));
  const contours = packs.filter(withContours).flatMap((p) => contourLayers(p, theme));
  return [
    ...vector.filter((l) => l.type !== 'symbol'),
    ...raster,
    ...terrain,
    ...contours.filter((l) => l.type !== 'symbol'),
    ...vector.filter((l) => l.type === 'symbol'),
    ...contours.filter((l) => l.type === 'symbol'),
    {
      id: 'pack-outlines:line', type: 'line', source: PACK_OUTLINE_SOURCE,
      // The dash read per feature: the dashed program the indicative outlines already linked.
      paint: {'line-color': theme.boundary, 'line-width': 2, 'line-dasharray': perFeature([3, 2])},
    },
  ];
}

/** A terrain pack's contour lines (the marked ones thicker) and their heights in metres along the marked ones. */
function contourLayers(p: PackRecord, theme: Theme): LayerSpecification[] {
  const source = contourSourceId(p.id);
  const base = {source, 'source-layer': CONTOUR_LAYER} as const;
  const visibility = p.visible ? 'visible' : 'none';
  const major: ExpressionSpecification = ['>', ['get', CONTOUR_LEVEL], 0];
  return [
    {
      ...base, id: `${source}:line`, type: 'line', layout: {visibility},
      paint: {'line-color': theme.text, 'line-opacity': ['case', major, 0.55, 0.3], 'line-width': ['case', major, 1.2, 0.6]},
    },
    {
      ...base, id: `${source}:label`, type: 'symbol', filter: major,
      layout: {
        visibility, 'symbol-placement': 'line', 'text-field': ['concat', ['to-string', ['get', CONTOUR_ELEVATION]], ' m'],
        'text-font': FONT_STACK, 'text-size': 10, 'symbol-spacing': 300,
      },
      paint: {'text-color': theme.text, 'text-halo-color': theme.halo, 'text-halo-width': 1.5},
    },
  ];
}
