import type {LayerPalette, PlotPalette, SheetPalette, Theme} from './types';

/*
 * Every colour the map draws lives here, one theme per use (protomaps' flavors). The layer
 * files read them from the theme they are given; a unit test (catalogue.test.ts) keeps
 * colour literals out of them.
 */

/** A `#rrggbb` theme colour at `alpha` (0–1), as CSS `rgba()`. */
export function withAlpha(hex: string, alpha: number): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new Error(`not a #rrggbb colour: ${hex}`);
  const [r, g, b] = m.slice(1).map((h) => parseInt(h, 16));
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}

/** The programme's layers: the same hues in every theme for now, so a legend reads the same on any. */
const LAYERS: LayerPalette = {
  haixi: '#7b3294',
  datong: '#d7301f',
  datongCounty: '#555555',
  datongCountyLabel: '#444444',
  muli: '#8c510a',
  park: '#1f78b4',
  rail: '#222222',
  railCasing: '#ffffff',
  hollow: '#ffffff',
};

/** Plots by status, from “planned” (blue-grey) to “verified” (deep green), legible outdoors; drafts in yellow. */
const PLOTS: PlotPalette = {
  status: {planned: '#5b7fa6', in_progress: '#e08a00', remediated: '#2f9e44', verified: '#0b5d25'},
  unknownStatus: '#888888',
  unsaved: '#d62828',
  selected: '#111111',
  importPreview: '#1f78b4',
  conflictMine: '#e66100',
  conflictTheirs: '#1f5fbf',
  draftFill: '#ffd400',
  draftOutline: '#b8860b',
  draftVertexStroke: '#5c4400',
  closingPoint: '#ffffff',
};

/** The exported sheet is printed on white whatever the screen's theme. */
const SHEET: SheetPalette = {
  paper: '#ffffff', panel: 'rgba(255,255,255,0.9)', panelEdge: 'rgba(0,0,0,0.25)', band: 'rgba(255,255,255,0.92)',
  ink: '#111111', inkStrong: '#222222', inkMuted: '#444444',
};

const BASEMAP_SYMBOLS = {lakeLabel: '#2d6a9f', provinceLabel: '#777777', townFill: '#ffffff', townStroke: '#333333'} as const;

export const LIGHT: Theme = {
  name: 'light',
  background: '#dfe6ea',
  land: '#f7f4ec',
  neighbour: '#ebe8e0',
  water: '#a9cbe6',
  waterLine: '#6fa3cf',
  boundary: '#8a8a8a',
  text: '#2b2b2b',
  halo: '#ffffff',
  ...BASEMAP_SYMBOLS,
  layers: LAYERS,
  plots: PLOTS,
  sheet: SHEET,
};

/**
 * For phones in sunlight: stronger land/water contrast, black text with a thick white halo.
 * The UI switches to its matching high-contrast CSS at the same time.
 */
export const OUTDOOR: Theme = {
  name: 'outdoor',
  background: '#c9d3d9',
  land: '#ffffff',
  neighbour: '#e4e4e4',
  water: '#4f97d1',
  waterLine: '#1f6fb2',
  boundary: '#333333',
  text: '#000000',
  halo: '#ffffff',
  ...BASEMAP_SYMBOLS,
  layers: LAYERS,
  plots: PLOTS,
  sheet: SHEET,
};

/**
 * For a projector in a lit room: darker water and boundaries and larger halos so the map
 * survives a washed-out beam; the presenter overlay sits on top.
 */
export const PRESENTATION: Theme = {
  name: 'presentation',
  background: '#b9c6cf',
  land: '#fbfaf5',
  neighbour: '#dcd9d0',
  water: '#3d86c6',
  waterLine: '#1a5f9e',
  boundary: '#222222',
  text: '#111111',
  halo: '#ffffff',
  ...BASEMAP_SYMBOLS,
  layers: LAYERS,
  plots: PLOTS,
  sheet: SHEET,
};

export const THEMES = {light: LIGHT, outdoor: OUTDOOR, presentation: PRESENTATION} as const;
export type ThemeName = keyof typeof THEMES;
