import type {Theme} from './types';

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
};

export const THEMES = {light: LIGHT, outdoor: OUTDOOR, presentation: PRESENTATION} as const;
export type ThemeName = keyof typeof THEMES;
