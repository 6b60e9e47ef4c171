import type {OrthoConverter, OrthoJob} from '../geo/ortho/ortho-client';
import type {OrthoProblem} from '../geo/ortho/ortho-georef';
import type * as PmtilesBuild from '../geo/packs/pmtiles-build';
import type {PmtilesEntry} from '../geo/packs/pmtiles-build';
import type {PackRecord} from '../geo/packs/pack-types';
import {failureOf} from './pack-storage';
import type {PackStorage, PackStorageFailure} from './pack-storage';
import {requestPersistentStorage, storageEstimate} from './persistence/storage-persistence';
import type {PersistentStorageOutcome, StorageManagerLike} from './persistence/storage-persistence';

/** Where the last orthophoto import stands; a refused or failed import stores nothing. */
export type OrthoImport =
  | {readonly state: 'idle'}
  | {readonly state: 'checking'; readonly fileName: string}
  | {readonly state: 'converting'; readonly fileName: string; readonly tilesDone: number; readonly tilesTotal: number}
  | {readonly state: 'storing'; readonly fileName: string}
  | {readonly state: 'stored'; readonly fileName: string; readonly name: string; readonly tiles: number}
  | {readonly state: 'refused'; readonly fileName: string; readonly problem: OrthoProblem}
  | {readonly state: 'cancelled'; readonly fileName: string}
  | {readonly state: 'failed'; readonly fileName: string; readonly reason: PackStorageFailure | 'convert'; readonly detail: string};

/** Imagery tiles average ≈ 25 KB as WebP (≈ 100 KB as PNG): the space asked of the device before starting. */
const EXPECTED_TILE_BYTES = {webp: 25_000, png: 100_000} as const;

export type OrthoImportContext = {
  readonly converter: OrthoConverter;
  readonly storage: PackStorage;
  readonly storageManager: StorageManagerLike | undefined;
  /** The packs listed when the index is written. */
  readonly existing: () => readonly PackRecord[];
  readonly id: string;
  readonly report: (state: OrthoImport) => void;
  readonly persisted: (outcome: PersistentStorageOutcome) => void;
  /** Aborted when the user cancels: the worker is stopped at once and nothing is kept. */
  readonly signal?: AbortSignal;
};

/**
 * An orthophoto GeoTIFF becomes a raster PMTiles pack on the device, made tile by tile in a
 * worker and written as it is made (never held whole), then listed like any pack. Stored as
 * tiles rather than as one reprojected image: a 10 × 10 km ortho at 0.5 m is 20 000² pixels,
 * 1.6 GB as RGBA — MapLibre's image source would decode it whole — while a tile pack is read a
 * few tiles at a time, at the zoom in view. Resolves with the record, or null when refused or failed.
 */
export async function importOrthoPack(file: File, c: OrthoImportContext): Promise<PackRecord | null> {
  const fileName = file.name;
  const cancelled = () => c.signal?.aborted === true;
  c.report({state: 'checking', fileName});
  let job: OrthoJob;
  try {
    const opened = await c.converter(file);
    if (!opened.ok) {
      c.report(cancelled() ? {state: 'cancelled', fileName} : {state: 'refused', fileName, problem: opened.problem});
      return null;
    }
    job = opened.job;
  } catch (err) {
    c.report(cancelled() ? {state: 'cancelled', fileName} : {state: 'failed', fileName, reason: 'convert', detail: err instanceof Error ? err.message : String(err)});
    return null;
  }
  if (cancelled()) {
    job.close();
    c.report({state: 'cancelled', fileName});
    return null;
  }
  // Cancel stops the worker mid-tile (its pending `next` rejects); the write below then fails and its swap file is dropped.
  const stop = () => job.close();
  c.signal?.addEventListener('abort', stop, {once: true});
  try {
    return await convertAndStore(file, job, c);
  } finally {
    c.signal?.removeEventListener('abort', stop);
  }
}

async function convertAndStore(file: File, job: OrthoJob, c: OrthoImportContext): Promise<PackRecord | null> {
  const fileName = file.name;
  const cancelled = () => c.signal?.aborted === true;
  const {plan, tileFormat} = job;
  // The PMTiles writer (and the pmtiles/fflate it pulls in) loads with the first orthophoto,
  // not with the app (issue 11: initial JS).
  let writer: typeof PmtilesBuild;
  try {
    writer = await import('../geo/packs/pmtiles-build');
  } catch (err) {
    job.close();
    c.report({state: 'failed', fileName, reason: 'convert', detail: err instanceof Error ? err.message : String(err)});
    return null;
  }
  const {PMTILES_RESERVED_BYTES, pmtilesFinish, pmtilesTileId} = writer;
  const estimate = await storageEstimate(c.storageManager);
  const neededBytes = plan.tileEstimate * EXPECTED_TILE_BYTES[tileFormat];
  if (estimate && neededBytes > estimate.freeBytes) {
    job.close();
    c.report({state: 'failed', fileName, reason: 'quota', detail: `${neededBytes} > ${estimate.freeBytes}`});
    return null;
  }
  c.persisted(await requestPersistentStorage(c.storageManager));

  const entries: PmtilesEntry[] = [];
  let dataBytes = 0;
  let convertFailure: string | null = null;
  let lastReport = 0;
  try {
    await c.storage.writePackWith(c.id, async (sink) => {
      c.report({state: 'converting', fileName, tilesDone: 0, tilesTotal: plan.tileEstimate});
      for (;;) {
        if (cancelled()) throw new Error('cancelled');
        let tile;
        try {
          tile = await job.next();
        } catch (err) {
          convertFailure = err instanceof Error ? err.message : String(err);
          throw err;
        }
        if (!tile) break;
        if (cancelled()) throw new Error('cancelled');
        await sink.write(PMTILES_RESERVED_BYTES + dataBytes, tile.bytes);
        entries.push({tileId: pmtilesTileId(tile.z, tile.x, tile.y), offset: dataBytes, length: tile.bytes.length});
        dataBytes += tile.bytes.length;
        if (entries.length - lastReport >= 16) {
          lastReport = entries.length;
          c.report({state: 'converting', fileName, tilesDone: entries.length, tilesTotal: plan.tileEstimate});
        }
      }
      if (entries.length === 0) throw new Error('the image covers no tile');
      c.report({state: 'storing', fileName});
      const name = fileName.replace(/\.(tiff?|gtiff)$/i, '');
      const {head, tail} = pmtilesFinish(entries, dataBytes, {
        tileType: tileFormat === 'webp' ? 4 : 2,
        minZoom: plan.minZoom,
        maxZoom: plan.maxZoom,
        bounds: plan.bounds,
        metadata: {name, type: 'baselayer', format: tileFormat, description: `Orthophoto from ${fileName} (EPSG:${plan.epsg})`},
      });
      await sink.write(PMTILES_RESERVED_BYTES + dataBytes, tail);
      await sink.write(0, head);
    });
  } catch (err) {
    job.close();
    if (cancelled()) {
      c.report({state: 'cancelled', fileName});
      return null;
    }
    const detail = err instanceof Error ? err.message : String(err);
    c.report(convertFailure !== null || detail === 'the image covers no tile'
      ? {state: 'failed', fileName, reason: 'convert', detail}
      : {state: 'failed', fileName, reason: failureOf(err), detail});
    return null;
  }
  job.close();
  if (cancelled()) {
    // Pressed as the last bytes went down: the user asked for nothing, so nothing is kept.
    await c.storage.removePack(c.id).catch(() => undefined);
    c.report({state: 'cancelled', fileName});
    return null;
  }

  const name = fileName.replace(/\.(tiff?|gtiff)$/i, '');
  const record: PackRecord = {
    kind: 'raster',
    tileFormat,
    schema: null,
    vectorLayers: [],
    encoding: null,
    minZoom: plan.minZoom,
    maxZoom: plan.maxZoom,
    bounds: plan.bounds,
    title: name,
    attribution: '',
    openStreetMap: false,
    dataDate: plan.dataDate,
    tileCount: entries.length,
    tileSizePixels: 256,
    id: c.id,
    name,
    fileName,
    sizeBytes: PMTILES_RESERVED_BYTES + dataBytes,
    importedAt: new Date().toISOString(),
    fileDate: Number.isFinite(file.lastModified) && file.lastModified > 0 ? new Date(file.lastModified).toISOString() : null,
    visible: true,
    outline: false,
    container: 'pmtiles',
    ortho: {epsg: plan.epsg, crsName: plan.crsName, metersPerPixel: plan.metersPerPixel, widthPixels: plan.widthPixels, heightPixels: plan.heightPixels},
    opacity: 1,
  };
  try {
    const stored = await c.storage.readPack(c.id);
    const withSize = {...record, sizeBytes: stored.size};
    await c.storage.saveIndex([...c.existing(), withSize]);
    c.report({state: 'stored', fileName, name, tiles: entries.length});
    return withSize;
  } catch (err) {
    await c.storage.removePack(c.id).catch(() => undefined);
    c.report({state: 'failed', fileName, reason: failureOf(err), detail: err instanceof Error ? err.message : String(err)});
    return null;
  }
}
