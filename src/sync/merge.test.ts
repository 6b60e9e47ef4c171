import {describe, expect, it} from 'vitest';
import type {Plot, PlotProperties} from '../geo/plot';
import {combinePlot, differingFields, mergePlot, sameValue} from './merge';

function plot(properties: Partial<PlotProperties> = {}, side = 0.001): Plot {
  return {
    type: 'Feature',
    geometry: {type: 'Polygon', coordinates: [[[101.6, 36.9], [101.6 + side, 36.9], [101.6 + side, 36.9 + side], [101.6, 36.9 + side], [101.6, 36.9]]]},
    properties: {
      id: 'p1', name: 'Gangou A', zone: 'datong-gangou', measure: 'cover-regreen', status: 'in_progress', completed: null,
      team: 'team 1', notes: '', updated: '2025-06-01T00:00:00.000Z', ...properties,
    },
  };
}

describe('mergePlot', () => {
  it('keeps the other tab’s status and date when my edit changed only the notes (the issue-9 case)', () => {
    const base = plot();
    const theirs = plot({status: 'remediated', completed: '2025-06-30', updated: '2025-07-01T00:00:00.000Z'});
    const mine = plot({notes: 'fence repaired', updated: '2025-07-02T00:00:00.000Z'});
    const merge = mergePlot(base, mine, theirs);
    expect(merge.conflicting).toEqual([]);
    expect(merge.suggested.properties).toMatchObject({status: 'remediated', completed: '2025-06-30', notes: 'fence repaired'});
    expect(merge.fields.find((f) => f.field === 'status')).toMatchObject({outcome: 'theirs', suggested: 'theirs'});
    expect(merge.fields.find((f) => f.field === 'notes')).toMatchObject({outcome: 'mine', suggested: 'mine'});
  });

  it('moves status and completion date together, never one without the other', () => {
    const base = plot({status: 'remediated', completed: '2025-05-01'});
    const mine = plot({status: 'remediated', completed: '2025-05-20'});
    const theirs = plot({status: 'verified', completed: '2025-05-01'});
    const merge = mergePlot(base, mine, theirs);
    expect(merge.conflicting).toEqual(['status']);
    expect(merge.fields.some((f) => f.field === 'completed')).toBe(false);
    const taken = combinePlot(mine, theirs, {status: 'theirs'});
    expect([taken.properties.status, taken.properties.completed]).toEqual(['verified', '2025-05-01']);
    const kept = combinePlot(mine, theirs, {status: 'mine'});
    expect([kept.properties.status, kept.properties.completed]).toEqual(['remediated', '2025-05-20']);
  });

  it('treats the geometry as one field and flags it when both reshaped the plot', () => {
    const base = plot();
    const mine = plot({}, 0.002);
    const theirs = plot({}, 0.003);
    const merge = mergePlot(base, mine, theirs);
    expect(merge.conflicting).toEqual(['geometry']);
    expect(combinePlot(mine, theirs, {geometry: 'theirs'}).geometry).toEqual(theirs.geometry);
    // Only my shape changed: mine is taken, their name change too.
    const shapeOnly = mergePlot(base, mine, plot({name: 'Gangou A (north)'}));
    expect(shapeOnly.conflicting).toEqual([]);
    expect(shapeOnly.suggested.geometry).toEqual(mine.geometry);
    expect(shapeOnly.suggested.properties.name).toBe('Gangou A (north)');
  });

  it('calls an identical change on both sides the same, not a conflict', () => {
    const merge = mergePlot(plot(), plot({team: 'team 2'}), plot({team: 'team 2'}));
    expect(merge.fields.find((f) => f.field === 'team')?.outcome).toBe('same');
    expect(merge.conflicting).toEqual([]);
  });

  it('without a base, decides nothing silently: every difference is a conflict', () => {
    const merge = mergePlot(null, plot({name: 'A'}), plot({name: 'B', notes: 'x'}));
    expect([...merge.conflicting].sort()).toEqual(['name', 'notes']);
  });

  it('merges attributes the plot model does not name (such as extra) as fields of their own', () => {
    const withExtra = (extra: unknown, p: Partial<PlotProperties> = {}) => {
      const x = plot(p);
      return {...x, properties: {...x.properties, extra}} as unknown as Plot;
    };
    const merge = mergePlot(withExtra({owner: 'a'}), withExtra({owner: 'b'}), withExtra({owner: 'a'}, {name: 'C'}));
    expect(merge.conflicting).toEqual([]);
    expect((merge.suggested.properties as unknown as {extra: unknown}).extra).toEqual({owner: 'b'});
    expect(merge.suggested.properties.name).toBe('C');
  });

  it('keeps my id and never treats the edit time as a field', () => {
    const merge = mergePlot(plot(), plot({updated: '2030-01-01T00:00:00.000Z'}), plot({updated: '2031-01-01T00:00:00.000Z'}));
    expect(merge.fields.every((f) => f.outcome === 'same')).toBe(true);
    expect(merge.suggested.properties.id).toBe('p1');
  });
});

describe('differingFields and sameValue', () => {
  it('lists what an import would change, and nothing for an identical plot', () => {
    expect(differingFields(plot(), plot({updated: 'later'}))).toEqual([]);
    expect(differingFields(plot(), plot({name: 'B', completed: '2025-01-01', status: 'remediated'}, 0.002))).toEqual(['geometry', 'name', 'status']);
  });

  it('compares objects regardless of key order and null with absent', () => {
    expect(sameValue({a: 1, b: [1, {c: 2}]}, {b: [1, {c: 2}], a: 1})).toBe(true);
    expect(sameValue({a: null}, {})).toBe(true);
    expect(sameValue([1, 2], [2, 1])).toBe(false);
  });
});
