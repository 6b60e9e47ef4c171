import type {Database} from 'sql.js';
import {gunzipSync} from 'fflate';
import type {BBox} from '../bbox';
import type {PackInspection, PackProblem} from './inspect-pack';
import {describeTiles, looksLike, tileSizeOf} from './inspect-pack';
import type {PackTileFormat} from './pack-types';

/*
 * MBTiles packs (https://github.com/mapbox/mbtiles-spec/blob/master/1.3/spec.md): an SQLite file
 * with `metadata (name, value)` and `tiles (zoom_level, tile_column, tile_row, tile_data)`, rows
 * counted from the south (TMS). sql.js, already shipped for GeoPackage import, reads it — but
 * sql.js holds the WHOLE file in memory (it has no file-backed storage in the browser), unlike
 * PMTiles which is read by range. So MBTiles is for small packs: refused above
 * MAX_MBTILES_BYTES, and the UI warns above LARGE_MBTILES_BYTES.
 */

export const SQLITE_MAGIC = 'SQLite format 3\u0000';
/** Above this an MBTiles file is refused: convert it to PMTiles (`pmtiles convert`). */
export const MAX_MBTILES_BYTES = 256 * 1024 * 1024;
/** Above this the list says the pack takes that much memory while it is shown. */
export const LARGE_MBTILES_BYTES = 64 * 1024 * 1024;

export type SqlWasmLoader = () => Promise<ArrayBuffer | Uint8Array>;

const FORMATS: Record<string, PackTileFormat> = {pbf: 'mvt', mvt: 'mvt', png: 'png', jpg: 'jpeg', jpeg: 'jpeg', webp: 'webp'};

export async function isSqlite(file: Blob): Promise<boolean> {
  const head = new Uint8Array(await file.slice(0, 16).arrayBuffer());
  return new TextDecoder('latin1').decode(head) === SQLITE_MAGIC;
}

const isGzip = (b: Uint8Array) => b.length > 2 && b[0] === 0x1f && b[1] === 0x8b;

/** One MBTiles file opened in memory with sql.js. */
export class MbtilesArchive {
  private constructor(private readonly db: Database) {}

  static async open(bytes: Uint8Array, loadWasm: SqlWasmLoader): Promise<MbtilesArchive> {
    const {default: initSqlJs} = await import('sql.js');
    const wasm = await loadWasm();
    const SQL = await initSqlJs({wasmBinary: wasm instanceof Uint8Array ? wasm.slice().buffer : wasm});
    return new MbtilesArchive(new SQL.Database(bytes));
  }

  private rows(sql: string, params: (string | number)[] = []): unknown[][] {
    const st = this.db.prepare(sql);
    try {
      st.bind(params);
      const out: unknown[][] = [];
      while (st.step()) out.push(st.get());
      return out;
    } finally {
      st.free();
    }
  }

  metadata(): Record<string, string> {
    return Object.fromEntries(this.rows('select name, value from metadata').map(([k, v]) => [String(k), String(v)]));
  }

  /** The tile at XYZ z/x/y (un-gzipped, as MapLibre wants it), or null. */
  tile(z: number, x: number, y: number): Uint8Array | null {
    const row = this.rows('select tile_data from tiles where zoom_level = ? and tile_column = ? and tile_row = ?', [z, x, 2 ** z - 1 - y])[0];
    const data = row?.[0];
    if (!(data instanceof Uint8Array)) return null;
    return isGzip(data) ? gunzipSync(data) : data;
  }

  /** Zooms, tile count and the XYZ extent at a zoom, from the tiles themselves. */
  extent(): {minZoom: number; maxZoom: number; count: number} | null {
    const [row] = this.rows('select min(zoom_level), max(zoom_level), count(*) from tiles');
    if (!row || row[0] === null) return null;
    return {minZoom: Number(row[0]), maxZoom: Number(row[1]), count: Number(row[2])};
  }

  boundsAt(z: number): BBox {
    const [row] = this.rows('select min(tile_column), max(tile_column), min(tile_row), max(tile_row) from tiles where zoom_level = ?', [z]);
    const n = 2 ** z;
    const lon = (x: number) => (x / n) * 360 - 180;
    const lat = (yXyz: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * yXyz) / n))) * 180) / Math.PI;
    const [x0, x1, r0, r1] = (row ?? [0, 0, 0, 0]).map(Number) as [number, number, number, number];
    // TMS rows: the highest row is the northernmost.
    return [lon(x0), lat(n - 1 - r0 + 1), lon(x1 + 1), lat(n - 1 - r1)];
  }

  firstTile(): [number, number, number] | null {
    const [row] = this.rows('select zoom_level, tile_column, tile_row from tiles order by zoom_level desc limit 1');
    if (!row) return null;
    const z = Number(row[0]);
    return [z, Number(row[1]), 2 ** z - 1 - Number(row[2])];
  }

  close(): void {
    this.db.close();
  }
}

const refuse = (problem: PackProblem): PackInspection => ({ok: false, problem});

function vectorLayers(json: string | undefined): string[] {
  try {
    const layers = (JSON.parse(json ?? '{}') as {vector_layers?: unknown}).vector_layers;
    return Array.isArray(layers) ? layers.flatMap((l) => (l && typeof (l as {id?: unknown}).id === 'string' ? [(l as {id: string}).id] : [])) : [];
  } catch {
    return [];
  }
}

/** Reads an MBTiles file (whole, in memory) far enough to say what it is and whether it is usable. */
export async function inspectMbtiles(file: Blob, loadWasm: SqlWasmLoader): Promise<PackInspection> {
  if (file.size > MAX_MBTILES_BYTES) return refuse({code: 'mbtiles-too-large', sizeBytes: file.size, maxBytes: MAX_MBTILES_BYTES});
  let archive: MbtilesArchive;
  try {
    archive = await MbtilesArchive.open(new Uint8Array(await file.arrayBuffer()), loadWasm);
  } catch {
    return refuse({code: 'not-mbtiles'});
  }
  try {
    let meta: Record<string, string>;
    let extent: ReturnType<MbtilesArchive['extent']>;
    try {
      meta = archive.metadata();
      extent = archive.extent();
    } catch {
      // A damaged file, or an SQLite file that is not MBTiles (a GeoPackage…).
      return refuse({code: 'not-mbtiles'});
    }
    if (!extent || extent.count === 0) return refuse({code: 'no-tiles'});
    const tileFormat = FORMATS[(meta['format'] ?? '').toLowerCase()];
    if (!tileFormat) return refuse({code: 'unsupported-mbtiles-format', format: (meta['format'] ?? '').slice(0, 20)});
    const num = (k: string, fallback: number) => (meta[k] !== undefined && /^\d+$/.test(meta[k]!.trim()) ? Number(meta[k]) : fallback);
    const minZoom = num('minzoom', extent.minZoom);
    const maxZoom = num('maxzoom', extent.maxZoom);
    const declared = (meta['bounds'] ?? '').split(',').map(Number);
    const bounds: BBox = declared.length === 4 && declared.every(Number.isFinite) ? (declared as unknown as BBox) : archive.boundsAt(extent.maxZoom);
    const [w, s, e, n] = bounds;
    if (!(w >= -180 && e <= 180 && s >= -90 && n <= 90 && w < e && s < n)) return refuse({code: 'bad-bounds', bounds});
    if (!(minZoom <= maxZoom && maxZoom <= 30)) return refuse({code: 'bad-header', field: 'zoom'});

    const first = archive.firstTile()!;
    let tileSizePixels = 256;
    try {
      const bytes = archive.tile(...first) ?? new Uint8Array();
      if (!looksLike(tileFormat, bytes) || bytes.length === 0) return refuse({code: 'corrupt-tile', tile: first});
      tileSizePixels = tileSizeOf(tileFormat, bytes, tileSizePixels);
    } catch {
      return refuse({code: 'corrupt-tile', tile: first});
    }
    return describeTiles({
      tileFormat,
      vectorLayers: tileFormat === 'mvt' ? vectorLayers(meta['json']) : [],
      metadata: meta,
      minZoom,
      maxZoom,
      bounds,
      tileCount: extent.count,
      tileSizePixels,
    });
  } finally {
    archive.close();
  }
}
