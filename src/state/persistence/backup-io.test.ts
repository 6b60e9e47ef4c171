import 'fake-indexeddb/auto';
import {IDBFactory} from 'fake-indexeddb';
import {describe, expect, it} from 'vitest';
import type {Plot} from '../../geo/plot';
import {parseBackup, serializeBackup} from '../../geo/export/backup';
import {readBackup, restoreBackup} from './backup-io';
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

describe('backup and restore', () => {
  it('round-trips plots, versions, history and photo bytes exactly through the backup file', async () => {
    const source = new IDBFactory();
    await deviceWithWork(source);
    const text = serializeBackup(await readBackup({factory: source}));
    const parsed = parseBackup(text);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.backup.plots.map((p) => p.plot.properties.id).sort()).toEqual(['p1', 'p2']);

    const target = new IDBFactory();
    expect(await restoreBackup(parsed.backup, {factory: target})).toEqual({ok: true, plots: 2, photos: 1, history: 4});
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
    const backup = await readBackup({factory});
    const before = JSON.stringify(await readBackup({factory, now: () => new Date(0)}));
    const result = await restoreBackup(backup, {factory});
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toBe('exists');
    expect(JSON.stringify(await readBackup({factory, now: () => new Date(0)}))).toBe(before);
  });
});
