import type {Feature, FeatureCollection} from 'geojson';
import {describe, expect, it} from 'vitest';
import {plotsDiff} from './plots-diff';

const feature = (id: string, n = 0): Feature => ({type: 'Feature', id, geometry: {type: 'Point', coordinates: [n, n]}, properties: {id, n}});
const collection = (features: Feature[]): FeatureCollection => ({type: 'FeatureCollection', features});

describe('plotsDiff', () => {
  const many = Array.from({length: 100}, (_, i) => feature(`p${i}`));

  it('sends only the features whose object changed, and the ids that went', () => {
    const edited = feature('p5', 1);
    const added = feature('new');
    const after = collection([...many.slice(0, 5), edited, ...many.slice(6, 99), added]);
    expect(plotsDiff(collection(many), after)).toEqual({removeAll: false, remove: ['p5', 'p99'], add: [edited, added]});
  });

  it('is empty for the same features in a new collection', () => {
    expect(plotsDiff(collection(many), collection([...many]))).toEqual({removeAll: false, remove: [], add: []});
  });

  it('removes all and adds all when most features changed; gives up when ids are missing or repeated', () => {
    const renewed = many.map((f, i) => feature(f.id as string, i + 1));
    expect(plotsDiff(collection(many), collection(renewed))).toEqual({removeAll: true, remove: [], add: renewed});
    expect(plotsDiff(collection(many), collection([...many, {...feature('x'), id: undefined}]))).toBeNull();
    expect(plotsDiff(collection(many), collection([...many, feature('p1', 3)]))).toBeNull();
  });
});
