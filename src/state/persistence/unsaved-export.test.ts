import {describe, expect, it} from 'vitest';
import type {Plot, PlotProperties} from '../../geo/plot';
import {importPlots} from '../../geo/import/read-plots';
import {checkRfc7946} from '../../geo/rfc7946';
import type {Change} from './plot-repository';
import {unsavedChangesGeoJson, unsavedExportFileName, type UnsavedExport} from './unsaved-export';

function plotFixture(id: string, lon: number, properties: Partial<PlotProperties> = {}): Plot {
  return {
    type: 'Feature',
    geometry: {type: 'Polygon', coordinates: [[[lon, 36.9], [lon + 0.001, 36.9], [lon + 0.001, 36.901], [lon, 36.901], [lon, 36.9]]]},
    properties: {
      id, name: `Plot ${id}`, zone: 'Datong', measure: 'fence-enclose', status: 'remediated', completed: '2025-06-01',
      team: 'team-a', notes: '', updated: '2025-06-10T08:00:00.000Z', ...properties,
    },
  };
}

const context = {exportedAt: '2025-06-10T09:30:15.123Z', actor: 'team-a'};

describe('unsaved work export', () => {
  const changes: Change[] = [
    {kind: 'put', plot: plotFixture('p1', 101.6, {notes: 'first try'}), expectedVersion: null},
    {kind: 'put', plot: plotFixture('p2', 101.61), expectedVersion: 3},
    {kind: 'put', plot: plotFixture('p1', 101.6, {notes: 'second try'}), expectedVersion: null},
    {kind: 'delete', plotId: 'p3', expectedVersion: 2},
    {kind: 'photo-add', photo: {id: 'ph1', plotId: 'p1', name: 'pit.jpg', type: 'image/jpeg', takenAt: context.exportedAt, blob: new Blob(['12345']), thumbnail: new Blob(['1'])}},
    {kind: 'photo-remove', photoId: 'ph0'},
  ];

  it('is GeoJSON that the app imports back into the same plots, latest edit winning', () => {
    const text = unsavedChangesGeoJson(changes, context);
    expect(checkRfc7946(JSON.parse(text))).toEqual([]);
    const imported = importPlots('unsaved.geojson', text);
    expect(imported.ok && imported.rejected).toEqual([]);
    expect(imported.ok && imported.plots).toEqual([plotFixture('p1', 101.6, {notes: 'second try'}), plotFixture('p2', 101.61)]);
  });

  it('lists the deletions and photos that GeoJSON features cannot carry', () => {
    const doc = JSON.parse(unsavedChangesGeoJson(changes, context)) as UnsavedExport;
    expect(doc.unsaved).toEqual({
      ...context,
      deletedPlotIds: ['p3'],
      addedPhotos: [{id: 'ph1', plotId: 'p1', name: 'pit.jpg', sizeBytes: 5}],
      removedPhotoIds: ['ph0'],
    });
  });

  it('leaves out a plot that was deleted after it was edited', () => {
    const doc = JSON.parse(unsavedChangesGeoJson([...changes, {kind: 'delete', plotId: 'p2', expectedVersion: 4}], context)) as UnsavedExport;
    expect(doc.features.map((f) => f.properties.id)).toEqual(['p1']);
    expect(doc.unsaved.deletedPlotIds).toEqual(['p3', 'p2']);
  });

  it('names the file by time, without characters phones reject', () => {
    expect(unsavedExportFileName(context.exportedAt)).toBe('qh-unsaved-2025-06-10T09-30-15Z.geojson');
  });
});
