import type {ExpressionSpecification, LayerSpecification} from '@maplibre/maplibre-gl-style-spec';
import type {Feature, FeatureCollection, Point} from 'geojson';
import {PLOT_STATUSES} from '../../seeds/programme';
import type {PlotStatus} from '../../seeds/programme';
import type {Plot, PlotGeometry} from '../geo/plot';
import {FONT_STACK, perFeature} from './style-helpers';
import {LIGHT} from './themes';
import type {Theme} from './types';

export const PLOTS_SOURCE = 'plots';
export const DRAFT_SOURCE = 'draft';
/** A staged import's plots, shown before they are committed; fed in parts like the plots (style-sync). */
export const IMPORT_PREVIEW_SOURCE = 'import-preview';

/**
 * Colours by status for what is drawn outside the map (legend, plot list, charts, KML export):
 * the light theme's, which every theme shares today (catalogue/themes.ts).
 */
export const STATUS_COLORS: Readonly<Record<PlotStatus, string>> = LIGHT.plots.status;

/** Opacity of a plot's fill on the map (the selected plot is drawn more opaque). */
export const PLOT_FILL_OPACITY = 0.45;
/** Opacity of the selected plot's fill. */
const SELECTED_FILL_OPACITY = 0.65;

/** The map's plot colours, for the files that draw plots elsewhere (KML export). */
export const PLOT_PALETTE = {colors: STATUS_COLORS, fillOpacity: PLOT_FILL_OPACITY} as const;

export type PlotFeatureFlags = {readonly unsaved: boolean; readonly selected: boolean};

/** A plot's feature as last drawn, with the flags it was drawn with. */
export type PlotFeatureCache = WeakMap<Plot, {readonly flags: PlotFeatureFlags; readonly feature: Feature}>;

/**
 * Plots as one GeoJSON source, each flagged for styling (not saved on the device; selected),
 * with the properties the map uses (id, name, status).
 * With a `cache`, a plot drawn before with the same flags keeps its feature object, so the map
 * can send MapLibre only the features that changed (an edit, a selection) instead of all.
 */
export function plotsCollection(plots: readonly Plot[], flags: (plot: Plot) => PlotFeatureFlags, cache?: PlotFeatureCache): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: plots.map((p) => {
      const f = flags(p);
      const held = cache?.get(p);
      if (held && held.flags.unsaved === f.unsaved && held.flags.selected === f.selected) return held.feature;
      // Only what the plot layers draw and picking reads: notes and an import's extra attributes
      // would be copied to MapLibre's worker and encoded into every tile the plot is in.
      const {id, name, status} = p.properties;
      const feature: Feature = {type: 'Feature', id, geometry: p.geometry, properties: {id, name, status, unsaved: f.unsaved, selected: f.selected}};
      cache?.set(p, {flags: f, feature});
      return feature;
    }),
  };
}

/** The shape being drawn or walked: outline and, for a walk, its vertices. */
export function draftCollection(geometry: PlotGeometry | null, vertices: readonly (readonly number[])[] = []): FeatureCollection {
  const features: Feature[] = [];
  if (geometry) features.push({type: 'Feature', properties: {role: 'shape'}, geometry});
  if (vertices.length >= 2 && !geometry) {
    features.push({type: 'Feature', properties: {role: 'track'}, geometry: {type: 'LineString', coordinates: vertices.map((v) => [v[0]!, v[1]!])}});
  }
  for (const v of vertices) features.push({type: 'Feature', properties: {role: 'vertex'}, geometry: {type: 'Point', coordinates: [v[0]!, v[1]!]} as Point});
  return {type: 'FeatureCollection', features};
}

/**
 * A staged import's plots for the preview layers, with their ids so the preview goes to the
 * map in parts (one collection of 10,000 plots was a 680 ms copy for MapLibre's worker in the
 * task that showed the report; issue 11).
 */
export function importPreviewCollection(preview: readonly Plot[]): FeatureCollection {
  return {type: 'FeatureCollection', features: preview.map((p) => ({type: 'Feature', id: p.properties.id, properties: {id: p.properties.id, name: p.properties.name}, geometry: p.geometry}))};
}

const statusColor = (c: Theme['plots']): ExpressionSpecification =>
  ['match', ['get', 'status'], ...PLOT_STATUSES.flatMap((s) => [s, c.status[s]]), c.unknownStatus] as unknown as ExpressionSpecification;

/** Plots styled by status, drawn above the programme's layers; then the shape being drawn or walked. */
export function plotLayers(theme: Theme): LayerSpecification[] {
  const c = theme.plots;
  return [
    // One paint property per layer varies by feature (the status colour): every data-driven
    // property adds vertex data for all 10,000 plots, and uploading it was most of the time
    // the map took to open and zoom (issue 11). The few selected or not-saved plots get layers
    // of their own, filtered, with constant paint.
    {
      id: 'plots:fill',
      type: 'fill',
      source: PLOTS_SOURCE,
      metadata: {'qh:layer': 'plots'},
      // The outline layer draws the edges: no second antialiasing pass over every ring.
      paint: {'fill-color': statusColor(c), 'fill-opacity': PLOT_FILL_OPACITY, 'fill-antialias': false},
    },
    {
      id: 'plots:selected-fill',
      type: 'fill',
      source: PLOTS_SOURCE,
      filter: ['==', ['get', 'selected'], true],
      metadata: {'qh:layer': 'plots'},
      // Over the plot's own fill: together exactly SELECTED_FILL_OPACITY of the status colour.
      paint: {'fill-color': statusColor(c), 'fill-opacity': 1 - (1 - SELECTED_FILL_OPACITY) / (1 - PLOT_FILL_OPACITY), 'fill-antialias': false},
    },
    {
      id: 'plots:outline',
      type: 'line',
      source: PLOTS_SOURCE,
      filter: ['!=', ['get', 'unsaved'], true],
      metadata: {'qh:layer': 'plots'},
      // Mitred (the default), not round: a round join adds a fan of triangles at every vertex
      // of every plot, and at 2 px the two look the same.
      paint: {'line-color': statusColor(c), 'line-width': 2},
    },
    {
      id: 'plots:selected-outline',
      type: 'line',
      source: PLOTS_SOURCE,
      filter: ['all', ['==', ['get', 'selected'], true], ['!=', ['get', 'unsaved'], true]],
      metadata: {'qh:layer': 'plots'},
      layout: {'line-join': 'round'},
      // The colour is read per feature, as plots:outline's is, though it is one colour: the two
      // layers then share one WebGL program. With a constant colour the first selection linked
      // a program of its own, 0.4–0.7 s of the main thread on SwiftShader (issue 11, edit profile).
      paint: {'line-color': perFeature(c.selected), 'line-width': 3.5},
    },
    // Not yet saved on this device: a red dashed outline until IndexedDB has it, wider when
    // selected. Two layers of constant width, the dash read per feature: the dashed program the
    // indicative outlines linked at first load, not one of its own at the first edit.
    unsavedOutline(c, 'plots:unsaved-outline', false, 2),
    unsavedOutline(c, 'plots:unsaved-selected-outline', true, 3.5),
    {
      id: 'plots:label',
      type: 'symbol',
      source: PLOTS_SOURCE,
      // A plot of a few hundred metres is a few pixels wide below zoom 14: its name would not fit.
      minzoom: 14,
      metadata: {'qh:layer': 'plots'},
      layout: {'text-field': ['get', 'name'], 'text-font': FONT_STACK, 'text-size': 12},
      paint: {'text-color': theme.text, 'text-halo-color': theme.halo, 'text-halo-width': 1.5},
    },
    {
      id: 'import-preview:fill',
      type: 'fill',
      source: IMPORT_PREVIEW_SOURCE,
      // The line layer above draws the edges (no antialiasing pass, as for the plots).
      paint: {'fill-color': perFeature(c.importPreview), 'fill-opacity': 0.25, 'fill-antialias': false},
    },
    {
      id: 'import-preview:line',
      type: 'line',
      source: IMPORT_PREVIEW_SOURCE,
      // The dash read per feature, as the indicative outlines' is: the program linked at first load.
      paint: {'line-color': c.importPreview, 'line-width': 2, 'line-dasharray': perFeature([2, 1])},
    },
    {
      id: 'draft:fill',
      type: 'fill',
      source: DRAFT_SOURCE,
      filter: ['==', ['get', 'role'], 'shape'],
      paint: {'fill-color': perFeature(c.draftFill), 'fill-opacity': DRAFT_FILL_OPACITY, 'fill-antialias': false},
    },
    {
      id: 'draft:line',
      type: 'line',
      source: DRAFT_SOURCE,
      filter: ['in', ['get', 'role'], ['literal', ['shape', 'track']]],
      paint: {'line-color': perFeature(c.draftOutline), 'line-width': DRAFT_OUTLINE_WIDTH},
    },
    {
      id: 'draft:vertex',
      type: 'circle',
      source: DRAFT_SOURCE,
      filter: ['==', ['get', 'role'], 'vertex'],
      paint: {'circle-radius': 5, 'circle-color': perFeature(c.draftFill), 'circle-stroke-color': c.draftVertexStroke, 'circle-stroke-width': 2},
    },
  ];
}

function unsavedOutline(c: Theme['plots'], id: string, selected: boolean, widthPx: number): LayerSpecification {
  return {
    id,
    type: 'line',
    source: PLOTS_SOURCE,
    filter: ['all', ['==', ['get', 'unsaved'], true], ['==', ['get', 'selected'], selected]],
    metadata: {'qh:layer': 'plots'},
    layout: {'line-join': 'round'},
    paint: {'line-color': c.unsaved, 'line-width': widthPx, 'line-dasharray': perFeature([2, 1.5])},
  };
}

const DRAFT_FILL_OPACITY = 0.3;
const DRAFT_OUTLINE_WIDTH = 3;

/**
 * terra-draw's polygon and select mode styles in the theme's draft colours, so a shape being
 * drawn or edited looks like the draft layers above (map/draw-controller.ts passes them on).
 */
export function drawModeStyles(theme: Theme) {
  const c = theme.plots;
  return {
    polygon: {
      fillColor: c.draftFill, fillOpacity: DRAFT_FILL_OPACITY, outlineColor: c.draftOutline, outlineWidth: DRAFT_OUTLINE_WIDTH,
      closingPointColor: c.closingPoint, closingPointOutlineColor: c.draftOutline, closingPointWidth: 8, closingPointOutlineWidth: 3,
    },
    select: {selectedPolygonColor: c.draftFill, selectedPolygonOutlineColor: c.draftOutline, selectedPolygonOutlineWidth: DRAFT_OUTLINE_WIDTH},
  } as const;
}
