import type {Feature, FeatureCollection} from 'geojson';
import type {Plot, PlotGeometry, PlotProperties} from '../../geo/plot';
import type {Change} from './plot-repository';

/**
 * What the export says besides the plots, as a foreign member of the FeatureCollection
 * (RFC 7946 §6.1), so GIS tools still open the file and the app's importer reads the plots.
 * Photos cannot travel in GeoJSON: they are listed so the user knows what else is unsaved.
 */
export type UnsavedExportSummary = {
  readonly exportedAt: string;
  readonly actor: string;
  readonly deletedPlotIds: readonly string[];
  readonly addedPhotos: readonly {readonly id: string; readonly plotId: string; readonly name: string; readonly sizeBytes: number}[];
  readonly removedPhotoIds: readonly string[];
};

export type UnsavedExport = FeatureCollection<PlotGeometry, PlotProperties> & {readonly unsaved: UnsavedExportSummary};

/**
 * The changes that could not be saved on the device, as a GeoJSON text the user can download
 * and keep or send. Changes are read in order: a later edit of a plot replaces an earlier one,
 * and a plot deleted afterwards appears only among `deletedPlotIds`.
 */
export function unsavedChangesGeoJson(changes: readonly Change[], context: {exportedAt: string; actor: string}): string {
  const plots = new Map<string, Plot>();
  const deleted = new Set<string>();
  const addedPhotos = new Map<string, UnsavedExportSummary['addedPhotos'][number]>();
  const removedPhotoIds = new Set<string>();
  for (const change of changes) {
    if (change.kind === 'put') {
      plots.set(change.plot.properties.id, change.plot);
      deleted.delete(change.plot.properties.id);
    } else if (change.kind === 'delete') {
      plots.delete(change.plotId);
      deleted.add(change.plotId);
    } else if (change.kind === 'photo-add') {
      const {id, plotId, name, blob} = change.photo;
      addedPhotos.set(id, {id, plotId, name, sizeBytes: blob.size});
    } else if (!addedPhotos.delete(change.photoId)) {
      removedPhotoIds.add(change.photoId);
    }
  }
  const features: Feature<PlotGeometry, PlotProperties>[] = [...plots.values()];
  const document: UnsavedExport = {
    type: 'FeatureCollection',
    features,
    unsaved: {...context, deletedPlotIds: [...deleted], addedPhotos: [...addedPhotos.values()], removedPhotoIds: [...removedPhotoIds]},
  };
  return JSON.stringify(document, null, 2);
}

/** A file name that sorts by time and is safe on every phone's file system, e.g. `qh-unsaved-2025-06-30T08-15-00Z.geojson`. */
export function unsavedExportFileName(exportedAt: string): string {
  return `qh-unsaved-${exportedAt.replace(/\.\d+Z$/, 'Z').replace(/:/g, '-')}.geojson`;
}
