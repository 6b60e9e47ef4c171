import {describe, expect, it} from 'vitest';
import {Color, createExpression, latest} from '@maplibre/maplibre-gl-style-spec';
import type {StylePropertySpecification} from '@maplibre/maplibre-gl-style-spec';
import {existsSync, readFileSync} from 'node:fs';
import {basemapLayers} from './basemap';
import {conflictLayers} from './conflict-layers';
import {LAYERS} from './layers';
import {drawModeStyles, plotLayers} from './plots';
import {LIGHT, OUTDOOR, PRESENTATION} from './themes';
import type {Theme} from './types';

/*
 * Colours come from the theme (protomaps' flavors): the files that build layers, drawing
 * styles and the exported sheet hold no colour literal, so every theme reaches all of them.
 */

const COLOUR_LITERAL = /#[0-9a-fA-F]{3,8}\b|\brgba?\(/g;
const GUARDED = ['catalogue/layers.ts', 'catalogue/plots.ts', 'catalogue/basemap.ts', 'catalogue/style-helpers.ts', 'catalogue/style.ts', 'catalogue/legend.ts', 'map/draw-controller.ts', 'map/map-export.ts'];
const src = (file: string) => new URL(`../${file}`, import.meta.url);

/** Every distinct colour value anywhere in a theme. */
const coloursOf = (x: unknown): string[] => (typeof x === 'string' ? (x.startsWith('#') || x.startsWith('rgb') ? [x] : []) : typeof x === 'object' && x !== null ? Object.values(x).flatMap(coloursOf) : []);

/** A theme with every colour replaced by a distinct marker, to see where each one ends up. */
function markedTheme(): {theme: Theme; markers: Map<string, string>} {
  let n = 0;
  const markers = new Map<string, string>();
  const mark = (x: unknown, path: string): unknown => {
    if (typeof x === 'string' && x.startsWith('#')) {
      const m = `#${(++n).toString(16).padStart(6, '0')}`;
      markers.set(m, path);
      return m;
    }
    if (typeof x === 'object' && x !== null) return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, mark(v, `${path}.${k}`)]));
    return x;
  };
  return {theme: mark(LIGHT, 'theme') as Theme, markers};
}

describe('colours from the theme', () => {
  it.each(GUARDED.filter((f) => f.startsWith('catalogue/') || existsSync(src(f))))('%s holds no colour literal', (file) => {
    const text = readFileSync(src(file), 'utf8');
    const found = text.split('\n').flatMap((line, i) => (line.match(COLOUR_LITERAL) ?? []).map((m) => `${i + 1}: ${m}`));
    expect(found).toEqual([]);
  });

  it('brings each colour of the theme’s layer and plot palettes into the generated layers', () => {
    const {theme, markers} = markedTheme();
    const generated = JSON.stringify([
      ...basemapLayers(theme, 'zh'),
      ...LAYERS.flatMap((l) => l.style({lang: 'zh', theme, visible: true, opacity: 1})),
      ...plotLayers(theme),
      ...conflictLayers(theme),
      drawModeStyles(theme),
    ]);
    const unused = [...markers].filter(([m, path]) => /^theme\.(layers|plots)\./.test(path) && !generated.includes(m)).map(([, path]) => path);
    expect(unused).toEqual([]);
  });

  it('draws the shape being drawn in terra-draw in the same colours as the draft layer', () => {
    const {theme} = markedTheme();
    const draftLine = plotLayers(theme).find((l) => l.id === 'draft:line') as {paint: Record<string, unknown>};
    // The layer reads its colour per feature (style-helpers perFeature): the colour a draft shape gets.
    const parsed = createExpression(draftLine.paint['line-color'], 'line-color', latest.paint_line['line-color'] as StylePropertySpecification);
    const drawn = parsed.result === 'success' ? parsed.value.evaluate({zoom: 14}, {type: 2, properties: {role: 'shape'}} as never) : null;
    expect(drawn).toEqual(Color.parse(drawModeStyles(theme).polygon.outlineColor));
    expect(drawn).toEqual(Color.parse(drawModeStyles(theme).select.selectedPolygonOutlineColor));
  });

  it('gives every theme a full palette of colours', () => {
    for (const theme of [LIGHT, OUTDOOR, PRESENTATION]) {
      expect(coloursOf(theme).length).toBe(coloursOf(LIGHT).length);
      for (const c of coloursOf(theme)) expect(c).toMatch(/^#[0-9a-f]{6}$|^rgba\(/);
    }
  });
});
