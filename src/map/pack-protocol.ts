import type * as maplibregl from 'maplibre-gl';
import type {PMTiles} from 'pmtiles';
import {BlobSource} from '../geo/packs/blob-source';

type LoadFn = Parameters<typeof maplibregl.addProtocol>[1];

const TILE_URL = /^[a-z]+:\/\/([\w-]+)\/(\d+)\/(\d+)\/(\d+)$/;

/**
 * Serves MapLibre the tiles of the packs stored on the device (`qhpack://<id>/{z}/{x}/{y}`, see
 * catalogue/packs.ts): each pack file is opened once, read by range through pmtiles, never
 * loaded whole. Registered with `maplibregl.addProtocol`, so every tile request stays in the
 * page and none goes to the network.
 */
export class PackTileReader {
  private readonly archives = new Map<string, Promise<PMTiles>>();

  constructor(private readonly readPack: (id: string) => Promise<Blob>) {}

  // pmtiles is loaded with the first pack tile, not with the app (issue 11: initial JS).
  private archive(id: string): Promise<PMTiles> {
    let pm = this.archives.get(id);
    if (!pm) {
      const opened = this.readPack(id);
      // A Source whose bytes come once the stored file is open.
      pm = import('pmtiles').then(({PMTiles}) => new PMTiles({
        getKey: () => id,
        getBytes: async (offset, length) => new BlobSource(await opened, id).getBytes(offset, length),
      }));
      opened.catch(() => this.archives.delete(id));
      this.archives.set(id, pm);
    }
    return pm;
  }

  /** Forgets the packs no longer stored (deleted): their files are closed with them. */
  retain(ids: readonly string[]): void {
    for (const id of this.archives.keys()) if (!ids.includes(id)) this.archives.delete(id);
  }

  readonly load: LoadFn = async (params, abortController) => {
    const m = TILE_URL.exec(params.url);
    if (!m) throw new Error(`not a pack tile URL: ${params.url}`);
    const pm = await this.archive(m[1]!);
    const tile = await pm.getZxy(Number(m[2]), Number(m[3]), Number(m[4]), abortController.signal);
    // A tile the pack lacks is empty: MapLibre draws an empty vector tile, a transparent image
    // tile and a DEM tile with no elevation for it.
    return {data: tile ? new Uint8Array(tile.data) : new Uint8Array()};
  };
}
