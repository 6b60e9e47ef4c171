import {describe, expect, it} from 'vitest';
import {THEMES} from '../catalogue/themes';
import {MemoryStorage} from '../state/memory-storage';
import {createAppStore} from '../state/store';
import type {AppState} from '../state/store';
import {PRESENTATION_LABEL_SCALE, selectStyleInputs, withLabelScale} from './map-style';

/** A state with layers loaded (a stand-in object: the selector passes the layers on as they are). */
function loadedState(): AppState {
  const store = createAppStore(new MemoryStorage());
  store.setState({geodata: {} as AppState['geodata']});
  return store.getState();
}

/** The top-level state fields `selectStyleInputs` reads. */
function fieldsRead(state: AppState): Set<string> {
  const read = new Set<string>();
  selectStyleInputs(new Proxy(state, {get: (target, key, receiver) => {
    if (typeof key === 'string') read.add(key);
    return Reflect.get(target, key, receiver);
  }}));
  return read;
}

/** Another value for a field of primitive value; objects are replaced by a deep copy. */
const OTHER: Partial<Record<keyof AppState, unknown>> = {
  lang: 'en',
  theme: 'outdoor',
  presenting: 0,
  tool: 'walk',
  selectedPlotId: 'some-plot',
  draftGeometry: {type: 'Polygon', coordinates: [[[101, 37], [101.01, 37], [101.01, 37.01], [101, 37]]]},
  // An empty set of plots replaced by another empty one draws the same: a plot is the change.
  plots: {a: {version: 1, plot: {type: 'Feature', geometry: {type: 'Polygon', coordinates: [[[101, 37], [101.01, 37], [101.01, 37.01], [101, 37]]]},
    properties: {id: 'a', name: 'a', zone: 'z', measure: 'cover-regreen', status: 'planned', completed: null, team: 't', notes: '', updated: '2025-01-01T00:00:00Z'}}}},
  // Filters or save states equal to the ones before draw the same (selectors.ts keeps them): a narrower filter and a failed save are changes.
  filters: {statuses: ['planned'], measures: [], teams: [], from: null, to: null, asOf: null},
  saveState: {a: {state: 'not-saved', reason: 'quota', message: 'disk full'}},
  // Read only while on: turning it on is the change that restyles.
  tianditu: {enabled: true, key: '0123456789abcdef0123456789abcdef', set: 'vector', reviewNumber: ''},
};

function otherValue(key: keyof AppState, value: unknown): unknown {
  if (key in OTHER) return OTHER[key];
  if (value !== null && typeof value === 'object') return structuredClone(value);
  throw new Error(`no other value for the style input ${key}: add one to OTHER`);
}

describe('the style inputs selector', () => {
  it('gives new inputs when any state field the style is made from changes', () => {
    const state = loadedState();
    const read = fieldsRead(state);
    // The fields buildStyle's inputs come from, directly or through the plot and draft selectors.
    expect([...read].sort()).toEqual(expect.arrayContaining(['draftGeometry', 'filters', 'geodata', 'importPreview', 'lang', 'layerState', 'packs', 'plots', 'presenting', 'saveState', 'selectedPlotId', 'theme', 'tool', 'walk']));
    for (const key of read as Set<keyof AppState>) {
      const before = selectStyleInputs(state);
      const after = selectStyleInputs({...state, [key]: otherValue(key, state[key])});
      expect(after, `changing ${key}`).not.toBe(before);
    }
  });

  it('keeps the same inputs when only fields the style does not read change, so the map is not restyled', () => {
    const state = loadedState();
    const read = fieldsRead(state);
    const unread = (Object.keys(state) as (keyof AppState)[]).filter((k) => !read.has(k));
    expect(unread).toEqual(expect.arrayContaining(['cursor', 'camera', 'mapStatus', 'form']));
    const before = selectStyleInputs(state);
    for (const key of unread) expect(selectStyleInputs({...state, [key]: Symbol(key)}), `changing ${key}`).toBe(before);
  });

  it('styles a presentation with the presentation theme, whatever theme the reader chose', () => {
    const state = {...loadedState(), theme: 'outdoor' as const};
    expect(selectStyleInputs(state)?.theme).toBe(THEMES.outdoor);
    expect(selectStyleInputs({...state, presenting: 2})?.theme).toBe(THEMES.presentation);
  });

  it('has no inputs before the layer files are loaded', () => {
    expect(selectStyleInputs(createAppStore(new MemoryStorage()).getState())).toBeNull();
  });
});

describe('presentation label size', () => {
  const style = (layers: unknown[]) => ({version: 8, sources: {}, layers}) as unknown as Parameters<typeof withLabelScale>[0];
  it('scales numeric and zoom-free text sizes so an 11 px label becomes 16 px', () => {
    const out = withLabelScale(style([
      {id: 'a', type: 'symbol', source: 's', layout: {'text-size': 11}},
      {id: 'b', type: 'symbol', source: 's', layout: {'text-size': ['case', ['==', ['get', 'rank'], 1], 13, 11]}},
      {id: 'c', type: 'fill', source: 's', paint: {}},
    ]), PRESENTATION_LABEL_SCALE);
    expect(out.layers[0]).toMatchObject({layout: {'text-size': 16}});
    expect(out.layers[1]).toMatchObject({layout: {'text-size': ['*', PRESENTATION_LABEL_SCALE, ['case', ['==', ['get', 'rank'], 1], 13, 11]]}});
    expect(out.layers[2]).toEqual({id: 'c', type: 'fill', source: 's', paint: {}});
  });
  it('leaves a zoom-dependent size alone (MapLibre allows zoom only at the top of the expression)', () => {
    const size = ['interpolate', ['linear'], ['zoom'], 5, 10, 10, 14];
    const out = withLabelScale(style([{id: 'a', type: 'symbol', source: 's', layout: {'text-size': size}}]), 2);
    expect(out.layers[0]).toMatchObject({layout: {'text-size': size}});
  });
});
