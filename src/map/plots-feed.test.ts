import type {Feature, FeatureCollection} from 'geojson';
import {describe, expect, it} from 'vitest';
import type {PlotsDiff} from './plots-diff';
import {plotsFeed} from './plots-feed';
import type {PlotsTarget} from './plots-feed';

const feature = (id: string, n = 0): Feature => ({type: 'Feature', id, geometry: {type: 'Point', coordinates: [n, n]}, properties: {id, n}});
const collection = (features: Feature[]): FeatureCollection => ({type: 'FeatureCollection', features});
const EMPTY = collection([]);

type Call = {kind: 'setData'; ids: (string | number | undefined)[]} | {kind: 'updateData'; diff: PlotsDiff};

/** A source that records its updates and is drawn when the test says so. */
function fakeTarget() {
  const calls: Call[] = [];
  const draws: (() => void)[] = [];
  const target: PlotsTarget = {
    setData: async (data) => void calls.push({kind: 'setData', ids: data.features.map((f) => f.id)}),
    updateData: async (diff) => void calls.push({kind: 'updateData', diff}),
    drawn: () => new Promise<void>((resolve) => draws.push(resolve)),
  };
  const drawNext = async () => {
    for (let i = 0; i < 10 && draws.length === 0; i++) await Promise.resolve();
    draws.shift()?.();
    for (let i = 0; i < 10; i++) await Promise.resolve();
  };
  return {target, calls, drawNext};
}

describe('plotsFeed', () => {
  const pages = Array.from({length: 5}, (_, p) => Array.from({length: 3}, (_, i) => feature(`p${p}-${i}`)));
  const upTo = (n: number) => collection(pages.slice(0, n).flat());

  it('draws the first page at once and the pages that came while it was drawn in one update', async () => {
    const {target, calls, drawNext} = fakeTarget();
    const feed = plotsFeed(target, EMPTY);
    feed.show(upTo(1));
    expect(calls).toEqual([{kind: 'setData', ids: upTo(1).features.map((f) => f.id)}]);
    // Pages 2–4 arrive while page 1 is being drawn.
    feed.show(upTo(2));
    feed.show(upTo(3));
    feed.show(upTo(4));
    expect(feed.busy()).toBe(true);
    await drawNext();
    feed.show(upTo(5));
    await drawNext();
    await drawNext();
    expect(calls.map((c) => c.kind)).toEqual(['setData', 'updateData', 'updateData']);
    const added = calls.map((c) => (c.kind === 'updateData' ? c.diff.add.map((f) => f.id) : []));
    expect(added[1]).toEqual(pages.slice(1, 4).flat().map((f) => f.id));
    expect(added[2]).toEqual(pages[4]!.map((f) => f.id));
    expect(feed.busy()).toBe(false);
  });

  it('sends an edit as a diff of that plot, and nothing for a collection that draws the same', async () => {
    const {target, calls, drawNext} = fakeTarget();
    const all = upTo(5);
    const feed = plotsFeed(target, all);
    const edited = feature('p2-1', 7);
    feed.show(collection(all.features.map((f) => (f.id === 'p2-1' ? edited : f))));
    await drawNext();
    expect(calls).toEqual([{kind: 'updateData', diff: {removeAll: false, remove: ['p2-1'], add: [edited]}}]);
    feed.show(collection(all.features.map((f) => (f.id === 'p2-1' ? edited : f))));
    await drawNext();
    expect(calls).toHaveLength(1);
  });

  it('says when the latest collection is drawn, and goes on after an update that failed', async () => {
    const {calls, drawNext, target} = fakeTarget();
    let settled = 0;
    let fail = true;
    const feed = plotsFeed({...target, setData: (data) => (fail ? ((fail = false), Promise.reject(new Error('source gone'))) : target.setData(data))}, EMPTY, () => settled++);
    feed.show(upTo(1));
    await drawNext();
    expect(settled).toBe(1);
    feed.show(EMPTY);
    await drawNext();
    feed.show(upTo(2));
    await drawNext();
    expect(calls.at(-1)).toEqual({kind: 'setData', ids: upTo(2).features.map((f) => f.id)});
    expect(settled).toBe(3);
  });
});
