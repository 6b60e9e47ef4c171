import 'fake-indexeddb/auto';
import {IDBFactory} from 'fake-indexeddb';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {syntheticPlots} from '../../geo/test/synthetic-plots';
import {inMemoryCrossTabHub} from './cross-tab';
import {OUTBOX_PAGE} from './outbox-store';
import {PlotRepository} from './plot-repository';

const opened: PlotRepository[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const r of opened.splice(0)) r.close();
});

describe('the outbox summary', () => {
  it('counts every op of a large import, reading the outbox a page at a time', async () => {
    const repo = await PlotRepository.open({factory: new IDBFactory(), actor: 'team-a', channel: inMemoryCrossTabHub().channel()});
    opened.push(repo);
    const plots = syntheticPlots(2 * OUTBOX_PAGE + 500, 9);
    for (let i = 0; i < plots.length; i += 500) await repo.commitMany(plots.slice(i, i + 500).map((plot) => ({plot, expectedVersion: null})));
    const reads: (number | undefined)[] = [];
    const getAll = IDBObjectStore.prototype.getAll;
    vi.spyOn(IDBObjectStore.prototype, 'getAll').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['getAll']>) {
      if (this.name === 'outbox') reads.push(args[1]);
      return getAll.apply(this, args);
    });
    const summary = await repo.outbox.summary();
    expect(reads).toEqual([OUTBOX_PAGE, OUTBOX_PAGE, OUTBOX_PAGE]);
    expect(summary.pending).toBe(plots.length);
    expect(Object.keys(summary.plots).sort()).toEqual(plots.map((p) => p.properties.id).sort());
    expect(Object.values(summary.plots).every((p) => p.state === 'queued' && p.count === 1)).toBe(true);
    expect(summary.rejected).toEqual([]);
    expect(summary.onServer.size).toBe(0);
  });
});
