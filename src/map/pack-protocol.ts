import type * as maplibregl from 'maplibre-gl';
import {BlobSource} from '../geo/packs/blob-source';
import {loadSqlWasmFromAsset} from '../geo/import/sql-wasm-browser';
import type {SqlWasmLoader} from '../geo/packs/mbtiles';

type LoadFn = Parameters<typeof maplibregl.addProtocol>[1];

const TILE_URL = /^[a-z]+:\/\/([\w-]+)\/(\d+)\/(\d+)\/(\d+)$/;

/**
 * Serves MapLibre the tiles of the packs stored on the device (`qhpack://<id>/{z}/{x}/{y}`, see
 * catalogue/packs.ts): each pack file is opened once, read by range through pmtiles, never
 * loaded whole. Registered with `maplibregl.addProtocol`, so every tile request stays in the
 * page and none goes to the network.
 */
/** One open pack: tiles by z/x/y, whatever the file is. */
type OpenPack = {getZxy(z: number, x: number, y: number, signal?: AbortSignal): Promise<{data: ArrayBuffer | Uint8Array} | null | undefined>; close(): void};

export class PackTileReader {
  private readonly archives = new Map<string, Promise<OpenPack>>();

  constructor(
    private readonly readPack: (id: string) => Promise<Blob>,
    private readonly loadSqlWasm: SqlWasmLoader = loadSqlWasmFromAsset,
  ) {}

  /**
   * PMTiles is read by range from the stored file; MBTiles is read whole into sql.js (mbtiles.ts).
   * Both readers load with the first pack tile, not with the app (issue 11: initial JS).
   */
  private async open(id: string): Promise<OpenPack> {
    const file = await this.readPack(id);
    const {MbtilesArchive, isSqlite} = await import('../geo/packs/mbtiles');
    if (await isSqlite(file)) {
      const archive = await MbtilesArchive.open(new Uint8Array(await file.arrayBuffer()), this.loadSqlWasm);
      return {getZxy: async (z, x, y) => {
        const data = archive.tile(z, x, y);
        return data ? {data} : null;
      }, close: () => archive.close()};
    }
    const {PMTiles} = await import('pmtiles');
    const pm = new PMTiles(new BlobSource(file, id));
    return {getZxy: (z, x, y, signal) => pm.getZxy(z, x, y, signal), close: () => undefined};
  }

  private archive(id: string): Promise<OpenPack> {
    let opened = this.archives.get(id);
    if (!opened) {
      opened = this.open(id);
      opened.catch(() => this.archives.delete(id));
      this.archives.set(id, opened);
    }
    return opened;
  }

  /** Forgets the packs no longer stored (deleted): their files are closed with them (an MBTiles pack frees its memory). */
  retain(ids: readonly string[]): void {
    for (const [id, opened] of this.archives) {
      if (ids.includes(id)) continue;
      this.archives.delete(id);
      void opened.then((p) => p.close()).catch(() => undefined);
    }
  }

  /** The tile at a pack tile URL; empty bytes when the pack lacks it (contours read DEM tiles here too). */
  readonly tile = async (url: string, signal: AbortSignal): Promise<Uint8Array> => {
    const m = TILE_URL.exec(url);
    if (!m) throw new Error(`not a pack tile URL: ${url}`);
    const pack = await this.archive(m[1]!);
    const tile = await pack.getZxy(Number(m[2]), Number(m[3]), Number(m[4]), signal);
    return tile ? new Uint8Array(tile.data) : new Uint8Array();
  };

  // A tile the pack lacks is empty: MapLibre draws an empty vector tile, a transparent image
  // tile and a DEM tile with no elevation for it.
  readonly load: LoadFn = async (params, abortController) => ({data: await this.tile(params.url, abortController.signal)});
}
