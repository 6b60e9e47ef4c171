import 'fake-indexeddb/auto';
import {IDBFactory} from 'fake-indexeddb';
import {describe, expect, it, vi} from 'vitest';
import type {Plot} from '../../geo/plot';
import {parseBackup, serializeBackup} from '../../geo/export/backup';
import {inMemoryCrossTabHub} from './cross-tab';
import {PlotRepository} from './plot-repository';

const plot = (id: string, name: string): Plot => ({
  type: 'Feature',
  geometry: {type: 'Polygon', coordinates: [[[101.6, 36.9], [101.601, 36.9], [101.601, 36.901], [101.6, 36.901], [101.6, 36.9]]]},
  properties: {id, name, zone: 'other', measure: 'slope', status: 'remediated', completed: '2025-05-01', team: 'A', notes: '', updated: '2025-05-02T00:00:00.000Z'},
});

async function deviceWithWork(factory: IDBFactory) {
  const repo = await PlotRepository.open({factory, actor: 'team-a', channel: inMemoryCrossTabHub().channel()});
  await repo.commit({kind: 'put', plot: plot('p1', 'first'), expectedVersion: null});
  await repo.commit({kind: 'put', plot: {...plot('p1', 'first, renamed')}, expectedVersion: 1});
  await repo.commit({kind: 'put', plot: plot('p2', 'second'), expectedVersion: null});
  await repo.commit({kind: 'put', plot: plot('gone', 'deleted'), expectedVersion: null});
  await repo.commit({kind: 'delete', plotId: 'gone', expectedVersion: 1});
  await repo.commit({
    kind: 'photo-add',
    photo: {id: 'ph1', plotId: 'p2', name: 'a.jpg', type: 'image/jpeg', takenAt: '2025-05-02T00:00:00.000Z',
      blob: new Blob([new Uint8Array([255, 216, 1, 2, 3])], {type: 'image/jpeg'}), thumbnail: new Blob([new Uint8Array([255, 216])], {type: 'image/jpeg'})},
  });
  repo.close();
}

async function withRepository<T>(factory: IDBFactory, work: (repo: PlotRepository) => Promise<T>): Promise<T> {
  const repo = await PlotRepository.open({factory, actor: 'team-a', channel: inMemoryCrossTabHub().channel()});
  try {
    return await work(repo);
  } finally {
    repo.close();
  }
}

describe('backup and restore', () => {
  it('round-trips plots, versions, history and photo bytes exactly through the backup file', async () => {
    const source = new IDBFactory();
    await deviceWithWork(source);
    const text = serializeBackup(await withRepository(source, (r) => r.readBackup()));
    const parsed = parseBackup(text);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.backup.plots.map((p) => p.plot.properties.id).sort()).toEqual(['p1', 'p2']);

    const target = new IDBFactory();
    expect(await withRepository(target, (r) => r.restoreBackup(parsed.backup))).toEqual({ok: true, plots: 2, photos: 1, history: 4});
    const repo = await PlotRepository.open({factory: target, actor: 'team-b', channel: inMemoryCrossTabHub().channel()});
    const restored = await repo.loadAll();
    const original = await PlotRepository.open({factory: source, actor: 'x', channel: inMemoryCrossTabHub().channel()});
    expect(restored.sort((a, b) => a.plot.properties.id.localeCompare(b.plot.properties.id))).toEqual(
      (await original.loadAll()).sort((a, b) => a.plot.properties.id.localeCompare(b.plot.properties.id)));
    expect((await repo.history('p1')).map((h) => [h.action, h.version])).toEqual([['create', 1], ['update', 2]]);
    const [photo] = await repo.photosOf('p2');
    expect([...new Uint8Array(await photo!.blob.arrayBuffer())]).toEqual([255, 216, 1, 2, 3]);
    // …and the restored history still undoes: back to the name before the rename.
    const undone = await repo.undoLast('p1', 2);
    expect(undone.ok && undone.record?.plot.properties.name).toBe('first');
    repo.close();
    original.close();
  });

  it('refuses to restore over plots that exist and changes nothing', async () => {
    const factory = new IDBFactory();
    await deviceWithWork(factory);
    const repo = await PlotRepository.open({factory, actor: 'team-a', channel: inMemoryCrossTabHub().channel(), now: () => new Date(0)});
    const backup = await repo.readBackup();
    const before = JSON.stringify(backup);
    const result = await repo.restoreBackup(backup);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toBe('exists');
    expect(JSON.stringify(await repo.readBackup())).toBe(before);
    repo.close();
  });

  it('tells other tabs which plots a restore brought, over the same connection', async () => {
    const source = new IDBFactory();
    await deviceWithWork(source);
    const backup = await withRepository(source, (r) => r.readBackup());
    const hub = inMemoryCrossTabHub();
    const factory = new IDBFactory();
    const restoring = await PlotRepository.open({factory, actor: 'a', channel: hub.channel()});
    const other = await PlotRepository.open({factory, actor: 'b', channel: hub.channel()});
    const heard: string[][] = [];
    other.onRemoteChange((ids) => heard.push(ids));
    expect(await restoring.restoreBackup(backup)).toMatchObject({ok: true, plots: 2});
    await vi.waitFor(() => expect(heard.length).toBeGreaterThan(0));
    expect(heard.map((ids) => [...ids].sort())).toEqual([['p1', 'p2']]);
    expect((await other.loadAll()).length).toBe(2);
    restoring.close();
    other.close();
  });
});
