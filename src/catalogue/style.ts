import type {FontFacesSpecification, StyleSpecification} from '@maplibre/maplibre-gl-style-spec';
import type {FeatureCollection, Point} from 'geojson';
import type {Lang} from '../i18n/lang';
import {BASEMAP_FILE, BASEMAP_PROVENANCE, BASEMAP_SOURCE, basemapLayers} from './basemap';
import {keepClearLayers} from './keep-clear';
import {LAYERS} from './layers';
import {labelSource} from './style-helpers';
import {DRAFT_SOURCE, IMPORT_PREVIEW_SOURCE, PLOTS_SOURCE, plotLayers} from './plots';
import {packLayers, packSources} from './packs';
import {tiandituLayers, tiandituSources} from './tianditu';
import type {TiandituSettings} from './tianditu';
import type {PackRecord} from '../geo/packs/pack-types';
import type {LayerId, SourceId, Theme} from './types';

export type LayerState = {readonly visible: boolean; readonly opacity: number};
export type SourceData = {readonly features: FeatureCollection; readonly labels: FeatureCollection<Point>};

export type StyleOptions = {
  readonly lang: Lang;
  readonly theme: Theme;
  readonly layerState: Readonly<Record<LayerId, LayerState>>;
  /** Each source's features and the label points of its polygons (geo/label-point.ts). */
  readonly data: Readonly<Record<SourceId, SourceData>>;
  readonly fontFaces: FontFacesSpecification;
  /** The field teams' plots and the shape being drawn or walked (empty collections if none). */
  readonly plots?: FeatureCollection;
  readonly draft?: FeatureCollection;
  /** A staged import's plots, before they are committed. */
  readonly preview?: FeatureCollection;
  /** Basemap packs stored on the device (drawn over the shipped basemap inside their coverage). */
  readonly packs?: readonly PackRecord[];
  /** The optional online Tianditu basemap, when the user has turned it on (else null). */
  readonly tianditu?: TiandituSettings | null;
  /** Initial camera; the URL hash overrides it in the app. */
  readonly center?: [number, number];
  readonly zoom?: number;
};

const TOWN_LABEL = 'basemap:town-label';

/** The plots source's tile buffer and simplification tolerance, in screen pixels (see buildStyle). */
export const PLOT_TILE_BUFFER_PX = 8;
export const PLOT_TOLERANCE_PX = 1;

const EMPTY: FeatureCollection = {type: 'FeatureCollection', features: []};

/** Qinghai as a whole, the map's opening view. */
export const HOME_VIEW = {center: [96.0, 35.8] as [number, number], zoom: 4.6};

export function attributionText(lang: Lang): string {
  const parts = [BASEMAP_PROVENANCE, ...LAYERS.map((l) => l.provenance)].map((p) => p.attribution[lang]);
  return [...new Set(parts)].join(' | ');
}

/** The geodata file behind each source. */
export function dataFileOf(id: SourceId): string {
  return id === BASEMAP_SOURCE ? BASEMAP_FILE : LAYERS.find((l) => l.id === id)!.dataFile;
}

export const SOURCE_IDS: readonly SourceId[] = [BASEMAP_SOURCE, ...LAYERS.map((l) => l.id)];

/**
 * The whole MapLibre style, generated from the catalogue: no `glyphs` or `sprite` key, so no
 * glyph or sprite server is ever asked; labels come from the app's own fonts (`font-faces`).
 * Data is passed in as objects (loaded once by the store), never as URLs to other hosts.
 */
export function buildStyle(o: StyleOptions): StyleSpecification {
  const sources: StyleSpecification['sources'] = {};
  for (const id of [BASEMAP_SOURCE, ...LAYERS.map((l) => l.id)] as const) {
    sources[id] = {type: 'geojson', data: o.data[id].features, promoteId: 'id'};
    sources[labelSource(id)] = {type: 'geojson', data: o.data[id].labels};
  }
  // Tiles cut down to zoom 14 (0.3 m steps) and overzoomed beyond: zooming in on 10,000 plots
  // does not cut and upload them again at every level (issue 11). A buffer of 8 px, not 128:
  // the widest plot line is 3.5 px, and with 128 px every plot near a tile edge was in two to
  // four tiles, 2.2 × the features to cut and upload for 10,000 plots at zoom 11. Below zoom
  // 14 outlines are simplified to 1 px (MapLibre's default 0.375 px kept 2 × the vertices at
  // zoom 11; a 20–80-vertex plot is 8 px wide there); zoom 14 and beyond have every vertex.
  sources[PLOTS_SOURCE] = {type: 'geojson', data: o.plots ?? EMPTY, promoteId: 'id', maxzoom: 14, buffer: PLOT_TILE_BUFFER_PX, tolerance: PLOT_TOLERANCE_PX};
  sources[DRAFT_SOURCE] = {type: 'geojson', data: o.draft ?? EMPTY};
  sources[IMPORT_PREVIEW_SOURCE] = {type: 'geojson', data: o.preview ?? EMPTY, promoteId: 'id', buffer: PLOT_TILE_BUFFER_PX, tolerance: PLOT_TOLERANCE_PX};
  Object.assign(sources, tiandituSources(o.tianditu ?? null, o.lang));
  Object.assign(sources, packSources(o.packs ?? [], o.lang));
  const basemap = basemapLayers(o.theme, o.lang);
  return {
    version: 8,
    name: `qinghai-remediation-${o.theme.name}-${o.lang}`,
    center: o.center ?? HOME_VIEW.center,
    zoom: o.zoom ?? HOME_VIEW.zoom,
    'font-faces': o.fontFaces,
    sources,
    layers: [
      ...basemap.filter((l) => l.id !== TOWN_LABEL),
      ...tiandituLayers(o.tianditu ?? null),
      ...packLayers(o.packs ?? [], o.theme, o.lang),
      ...LAYERS.flatMap((layer) => layer.style({lang: o.lang, theme: o.theme, ...o.layerState[layer.id]})),
      ...plotLayers(o.theme),
      // Town names above the programme's labels: placed before them, so a crowded town (格尔木:
      // station, three parks) keeps its name and a park's or station's label gives way.
      ...basemap.filter((l) => l.id === TOWN_LABEL),
      // Above every label layer, so placed first: labels take a side of their dot that is free.
      ...keepClearLayers((id) => o.layerState[id].visible),
    ],
  };
}
