import type * as maplibregl from 'maplibre-gl';
import type mlcontour from 'maplibre-contour';
import {CONTOUR_ELEVATION, CONTOUR_LAYER, CONTOUR_LEVEL, contourIntervalsAt, packTilesUrl} from '../catalogue/packs';
import type {PackRecord} from '../geo/packs/pack-types';

type LoadFn = Parameters<typeof maplibregl.addProtocol>[1];
type DemManager = InstanceType<typeof mlcontour.LocalDemManager>;
type DemTile = Awaited<ReturnType<DemManager['decodeImage']>>;

const TILE_URL = /^[a-z]+:\/\/([\w-]+)\/(\d+)\/(\d+)\/(\d+)$/;

/**
 * Serves MapLibre the contour lines of the terrain packs (`qhcontour://<id>/{z}/{x}/{y}`, see
 * catalogue/packs.ts) as vector tiles made in the page by maplibre-contour from the pack's DEM
 * tiles. Its DemSource would fetch() the DEM, which cannot read the pack protocol, and would
 * start a worker from a blob: URL, which the app's CSP (`worker-src 'self'`) refuses; so one
 * LocalDemManager per pack works on the main thread and reads each DEM tile through `readTile`
 * — the same reader that serves the pack's tiles to the hillshade. The library is loaded with
 * the first contour tile, i.e. only once a terrain pack has its contours on (issue 11: initial JS).
 */
export class PackContourTiles {
  private readonly managers = new Map<string, Promise<DemManager>>();

  constructor(
    /** A pack tile by its `qhpack://` URL: empty bytes when the pack has no tile there. */
    private readonly readTile: (url: string, signal: AbortSignal) => Promise<Uint8Array>,
    private readonly packOf: (id: string) => PackRecord | undefined,
  ) {}

  private async open(pack: PackRecord): Promise<DemManager> {
    const lib = (await import('maplibre-contour')).default;
    // The module makes a blob: URL for its worker as it loads; the worker is never started here.
    if (lib.workerUrl.startsWith('blob:')) URL.revokeObjectURL(lib.workerUrl);
    const manager = new lib.LocalDemManager({
      demUrlPattern: packTilesUrl(pack.id),
      cacheSize: 100,
      encoding: pack.encoding ?? 'terrarium',
      maxzoom: pack.maxZoom,
      timeoutMs: 30_000,
      getTile: async (url, abortController) => {
        const data = await this.readTile(url, abortController.signal);
        return {data: new Blob([data as Uint8Array<ArrayBuffer>], {type: 'image/png'})};
      },
    });
    // A tile the pack lacks (around its edge) has no elevations, rather than failing its neighbours.
    const decode = manager.decodeImage;
    const size = pack.tileSizePixels;
    manager.decodeImage = (blob, encoding, abortController): Promise<DemTile> =>
      blob.size === 0
        ? Promise.resolve({width: size, height: size, data: new Float32Array(size * size).fill(Number.NaN)})
        : decode(blob, encoding, abortController);
    return manager;
  }

  private manager(pack: PackRecord): Promise<DemManager> {
    let opened = this.managers.get(pack.id);
    if (!opened) {
      opened = this.open(pack);
      opened.catch(() => this.managers.delete(pack.id));
      this.managers.set(pack.id, opened);
    }
    return opened;
  }

  /** Forgets the packs no longer stored, with the DEM and contour tiles cached for them. */
  retain(ids: readonly string[]): void {
    for (const id of this.managers.keys()) if (!ids.includes(id)) this.managers.delete(id);
  }

  readonly load: LoadFn = async (params, abortController) => {
    const m = TILE_URL.exec(params.url);
    if (!m) throw new Error(`not a contour tile URL: ${params.url}`);
    const pack = this.packOf(m[1]!);
    const [z, x, y] = [Number(m[2]), Number(m[3]), Number(m[4])];
    const levels = contourIntervalsAt(z);
    if (!pack || pack.kind !== 'terrain' || !levels) return {data: new Uint8Array()};
    const manager = await this.manager(pack);
    const tile = await manager.fetchContourTile(z, x, y, {
      levels: [...levels], contourLayer: CONTOUR_LAYER, elevationKey: CONTOUR_ELEVATION, levelKey: CONTOUR_LEVEL,
      // Built from the DEM tile one zoom up: 3 tiles around it instead of 8, smoother lines.
      overzoom: 1,
    }, abortController);
    return {data: new Uint8Array(tile.arrayBuffer)};
  };
}
