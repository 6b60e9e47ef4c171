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

export const THEMES = {light: LIGHT} as const;
export type ThemeName = keyof typeof THEMES;
