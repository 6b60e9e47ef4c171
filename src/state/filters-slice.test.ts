import {describe, expect, it} from 'vitest';
import type {Plot, PlotProperties} from '../geo/plot';
import {NO_FILTERS, filterPlots, normaliseFilters, plotAsOf} from './filters-slice';

function plot(id: string, p: Partial<PlotProperties>): Plot {
  return {
    type: 'Feature',
    geometry: {type: 'Polygon', coordinates: [[[101.68, 36.95], [101.681, 36.95], [101.681, 36.951], [101.68, 36.951], [101.68, 36.95]]]},
    properties: {id, name: id, zone: 'z', measure: 'cover-regreen', status: 'planned', completed: null, team: 'a', notes: '', updated: '2025-01-01T00:00:00Z', ...p},
  };
}

const plots = [
  plot('early', {status: 'verified', completed: '2024-09-15', team: 'a', measure: 'slope'}),
  plot('late', {status: 'remediated', completed: '2025-05-20', team: 'b'}),
  plot('busy', {status: 'in_progress', team: 'b'}),
  plot('undated', {status: 'remediated', completed: null, team: 'a'}),
];
const ids = (list: Plot[]) => list.map((p) => p.properties.id);

describe('plot filters', () => {
  it('keeps every plot, unchanged, when nothing is filtered', () => {
    expect(filterPlots(plots, NO_FILTERS)).toEqual(plots);
  });

  it('shows works finished after the “as of” day as still in progress', () => {
    const asOf = filterPlots(plots, {...NO_FILTERS, asOf: '2025-03-31'});
    expect(asOf.find((p) => p.properties.id === 'late')?.properties).toMatchObject({status: 'in_progress', completed: null});
    expect(asOf.find((p) => p.properties.id === 'early')?.properties.status).toBe('verified');
    expect(plotAsOf(plots[1]!, '2025-05-20')).toBe(plots[1]);
  });

  it('filters by status after rolling back to the “as of” day', () => {
    expect(ids(filterPlots(plots, {...NO_FILTERS, statuses: ['remediated', 'verified'], asOf: '2025-03-31'}))).toEqual(['early', 'undated']);
  });

  it('filters by measure and team together', () => {
    expect(ids(filterPlots(plots, {...NO_FILTERS, teams: ['b']}))).toEqual(['late', 'busy']);
    expect(ids(filterPlots(plots, {...NO_FILTERS, teams: ['a'], measures: ['slope']}))).toEqual(['early']);
  });

  it('filters by completion date, both ends included, dropping undated plots', () => {
    expect(ids(filterPlots(plots, {...NO_FILTERS, from: '2024-09-15'}))).toEqual(['early', 'late']);
    expect(ids(filterPlots(plots, {...NO_FILTERS, from: '2024-09-16', to: '2025-05-20'}))).toEqual(['late']);
  });

  it('turns junk from a file into “no filter” instead of failing', () => {
    expect(normaliseFilters({statuses: 'verified', teams: ['a', 3, 'a'], from: '30/06/2025', asOf: '2025-06-30'}))
      .toEqual({...NO_FILTERS, teams: ['a'], asOf: '2025-06-30'});
    expect(normaliseFilters(null)).toEqual(NO_FILTERS);
  });
});
