import {describe, expect, it} from 'vitest';
import {syntheticPlots} from '../geo/test/synthetic-plots';
import {PLOTS_SOURCE, plotLayers, plotsCollection} from './plots';
import {THEMES} from './themes';

describe('plotsCollection', () => {
  const [plot] = syntheticPlots(1);
  const withNotes = {...plot!, properties: {...plot!.properties, notes: 'long field notes', extra: {图斑号: 'A-17'}}};

  it('gives the map only the properties its plot layers and picking read', () => {
    const [feature] = plotsCollection([withNotes], () => ({unsaved: false, selected: true})).features;
    expect(feature!.properties).toEqual({id: plot!.properties.id, name: plot!.properties.name, status: plot!.properties.status, unsaved: false, selected: true});
    expect(feature!.id).toBe(plot!.properties.id);
  });

  it('reads no other property in any plot layer', () => {
    const read = new Set(JSON.stringify(plotLayers(THEMES.light).filter((l) => 'source' in l && l.source === PLOTS_SOURCE)).match(/\["get","[^"]+"\]/g));
    expect([...read].map((g) => JSON.parse(g)[1]).sort()).toEqual(['name', 'selected', 'status', 'unsaved']);
  });
});
