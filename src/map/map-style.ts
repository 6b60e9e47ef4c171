import type {StyleSpecification, TransformStyleFunction} from 'maplibre-gl';
import {absoluteFontUrls} from '../catalogue/assets';
import {fontFaces} from '../catalogue/fonts';
import {buildStyle} from '../catalogue/style';
import type {StyleOptions} from '../catalogue/style';
import {THEMES} from '../catalogue/themes';
import {selectDraftCollection, selectImportPreviewCollection, selectPlotsCollection} from '../state/selectors';
import type {AppState} from '../state/store';

/**
 * Everything in the store the map's picture depends on. `styleFor` reads nothing else, so an
 * input the style gains has to be added here, and the map restyles when it changes.
 */
export type StyleInputs = Required<Pick<StyleOptions, 'lang' | 'theme' | 'layerState' | 'data' | 'plots' | 'draft' | 'preview' | 'packs' | 'tianditu'>>;

function styleInputsOf(state: AppState): StyleInputs | null {
  if (!state.geodata) return null;
  return {
    lang: state.lang,
    // Presenting is just another theme: the style is generated the same way.
    theme: state.presenting !== null ? THEMES.presentation : THEMES[state.theme],
    layerState: state.layerState,
    data: state.geodata,
    // Memoised in src/state: the same collection while the plots, filters and draft stay the same.
    plots: selectPlotsCollection(state),
    draft: selectDraftCollection(state),
    preview: selectImportPreviewCollection(state),
    packs: state.packs,
    // The settings object only while Tianditu is on: typing a key with it off does not restyle.
    tianditu: state.tianditu.enabled ? state.tianditu : null,
  };
}

let last: StyleInputs | null = null;

/**
 * The style inputs of `state`, the same object as long as every input is the same (zustand
 * replaces what changes): the map restyles exactly when this changes. Null before the layer
 * files are loaded.
 */
export function selectStyleInputs(state: AppState): StyleInputs | null {
  const next = styleInputsOf(state);
  if (!next) return null;
  if (last && (Object.keys(next) as (keyof StyleInputs)[]).every((k) => next[k] === last![k])) return last;
  last = next;
  return next;
}

/** The whole MapLibre style for `inputs`; fonts are resolved against the page's address `base`. */
export function styleFor(inputs: StyleInputs, base: string, camera?: {center: [number, number]; zoom: number}) {
  const style = buildStyle({...inputs, fontFaces: fontFaces(absoluteFontUrls(base)), ...camera});
  return inputs.theme.name === 'presentation' ? withLabelScale(style, PRESENTATION_LABEL_SCALE) : style;
}

/** Presenting: every map label this many times its size, so the smallest (11 px) is 16 px on a projector (issue 12). */
export const PRESENTATION_LABEL_SCALE = 16 / 11;

/** `style` with each symbol layer's text size times `scale` (a number, or an expression that does not depend on zoom). */
export function withLabelScale(style: StyleSpecification, scale: number): StyleSpecification {
  const layers = style.layers.map((layer) => {
    if (layer.type !== 'symbol' || layer.layout?.['text-size'] === undefined) return layer;
    // The keep-clear boxes stand for dots, whose size does not change when presenting.
    if ((layer.metadata as Record<string, unknown> | undefined)?.['qh:keep-clear']) return layer;
    const size = layer.layout['text-size'];
    if (typeof size !== 'number' && (!Array.isArray(size) || JSON.stringify(size).includes('"zoom"'))) return layer;
    const scaled = typeof size === 'number' ? Math.round(size * scale * 10) / 10 : ['*', scale, size];
    return {...layer, layout: {...layer.layout, 'text-size': scaled}} as typeof layer;
  });
  return {...style, layers};
}

/** Sources and layers the map adds itself, kept across a restyle: terra-draw's (`td-`), the info highlight (`qh-highlight`), a team conflict's shapes (`qh-conflict`). */
const kept = (id: string) => id.startsWith('td-') || id.startsWith('qh-highlight') || id.startsWith('qh-conflict');

/** Keeps terra-draw's own sources and layers and the feature highlight across a restyle. */
export const keepDrawingLayers: TransformStyleFunction = (previous, next) => {
  if (!previous) return next;
  const sources = {...next.sources};
  for (const [id, source] of Object.entries(previous.sources)) if (kept(id)) sources[id] = source;
  return {...next, sources, layers: [...next.layers, ...previous.layers.filter((l) => kept(l.id))]};
};
