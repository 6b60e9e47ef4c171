import type {Feature, FeatureCollection} from 'geojson';
import {describe, expect, it} from 'vitest';
import type {PlotsDiff} from './plots-diff';
import {plotsFeed} from './plots-feed';
import type {PlotsTarget} from './plots-feed';

const feature = (id: string, n = 0): Feature => ({type: 'Feature', id, geometry: {type: 'Point', coordinates: [n, n]}, properties: {id, n}});
const collection = (features: Feature[]): FeatureCollection => ({type: 'FeatureCollection', features});
const EMPTY = collection([]);

type Call = {kind: 'setData'; ids: (string | number | undefined)[]} | {kind: 'updateData'; diff: PlotsDiff};

/** What a GeoJSON source holds after `calls` (MapLibre removes before it adds), by id. */
function sourceAfter(calls: readonly Call[], held: FeatureCollection, features: ReadonlyMap<string | number, Feature>): Map<string | number, Feature> {
  const source = new Map(held.features.map((f) => [f.id!, f]));
  for (const call of calls) {
    if (call.kind === 'setData') {
      source.clear();
      for (const id of call.ids) source.set(id!, features.get(id!)!);
      continue;
    }
    if (call.diff.removeAll) source.clear();
    for (const id of call.diff.remove) source.delete(id);
    for (const f of call.diff.add) source.set(f.id!, f);
  }
  return source;
}

/** Draws every update the feed sends until it is idle (parts follow each other in tasks of their own). */
async function drawAll(feed: {busy: () => boolean}, drawNext: () => Promise<void>) {
  for (let i = 0; i < 50 && feed.busy(); i++) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    await drawNext();
  }
}

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

  it('hands MapLibre no more than perUpdate plots in one update, and all of them in the end', async () => {
    const {target, calls, drawNext} = fakeTarget();
    let settled = 0;
    const all = upTo(5);
    const feed = plotsFeed(target, EMPTY, () => settled++, 4);
    feed.show(all);
    expect(calls).toEqual([{kind: 'setData', ids: all.features.slice(0, 4).map((f) => f.id)}]);
    // Each part goes once the worker has the one before; only the last is waited for until drawn.
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0));
    const sizes = calls.map((c) => (c.kind === 'setData' ? c.ids.length : c.diff.add.length));
    expect(sizes).toEqual([4, 4, 4, 3]);
    // Not said to be drawn before the last part is (the benchmark's qh-plots-in mark).
    expect(settled).toBe(0);
    await drawAll(feed, drawNext);
    expect([...sourceAfter(calls, EMPTY, new Map(all.features.map((f) => [f.id!, f]))).values()]).toEqual(all.features);
    expect(settled).toBe(1);
  });

  it('keeps a changed plot drawn in its old version until its new version goes in a later part', async () => {
    const {target, calls, drawNext} = fakeTarget();
    const before = upTo(5);
    const after = collection(before.features.map((f, i) => feature(String(f.id), i + 100)));
    const feed = plotsFeed(target, before, undefined, 4);
    feed.show(after);
    await drawAll(feed, drawNext);
    for (const call of calls) {
      if (call.kind !== 'updateData') throw new Error('a change of every plot, each with its id, needs no setData');
      expect(call.diff.add.length).toBeLessThanOrEqual(4);
      // Each plot taken out is put back in the same update.
      expect(call.diff.remove).toEqual(call.diff.add.map((f) => f.id));
    }
    const source = sourceAfter(calls, before, new Map());
    expect(after.features.every((f) => source.get(f.id!) === f)).toBe(true);
    expect(source.size).toBe(after.features.length);
  });

  it('fills the source again in parts when most plots went', async () => {
    const {target, calls, drawNext} = fakeTarget();
    const before = collection(Array.from({length: 20}, (_, i) => feature(`old-${i}`)));
    const after = collection(Array.from({length: 10}, (_, i) => feature(`new-${i}`)));
    const feed = plotsFeed(target, before, undefined, 4);
    feed.show(after);
    await drawAll(feed, drawNext);
    expect(calls.map((c) => (c.kind === 'setData' ? `set ${c.ids.length}` : `add ${c.diff.add.length}`))).toEqual(['set 4', 'add 4', 'add 2']);
    expect([...sourceAfter(calls, before, new Map(after.features.map((f) => [f.id!, f]))).values()]).toEqual(after.features);
  });

  it('cuts the parts that follow from a collection shown meanwhile, not from the rest of the one before', async () => {
    const {target, calls, drawNext} = fakeTarget();
    const first = upTo(5);
    // While the first collection goes in parts: a page drops two plots and changes one.
    const changed = feature('p4-0', 7);
    const latest = collection([...first.features.filter((f) => f.id !== 'p0-1' && f.id !== 'p3-2' && f.id !== 'p4-0'), changed]);
    const feed = plotsFeed(target, EMPTY, undefined, 4);
    feed.show(first);
    await new Promise((resolve) => setTimeout(resolve, 0));
    feed.show(latest);
    await drawAll(feed, drawNext);
    const source = sourceAfter(calls, EMPTY, new Map(first.features.map((f) => [f.id!, f])));
    expect(source.size).toBe(latest.features.length);
    expect(latest.features.every((f) => source.get(f.id!) === f)).toBe(true);
    expect(calls.every((c) => c.kind === 'setData' ? c.ids.length <= 4 : c.diff.add.length <= 4)).toBe(true);
  });
});
