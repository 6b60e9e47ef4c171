import {GeoTIFF} from 'geotiff';
import type {GeoTIFFImage} from 'geotiff';
import type {BBox} from '../bbox';
import {affineFromTags, orthoCrsFromGeoKeys} from './ortho-georef';
import type {Affine, GeoKeys, OrthoCrs, OrthoProblem} from './ortho-georef';
import {downsampleQuad, renderTile} from './ortho-resample';
import type {TileRgba} from './ortho-resample';
import {bboxOf, footprintLonLat, MAX_MERCATOR_LAT, orthoZooms, sourceMetersPerPixel, tileBounds, tileCount, tileRange, tileSourceGrid, gridWindow} from './ortho-tiles';

/*
 * A GeoTIFF / Cloud-Optimised GeoTIFF orthophoto cut into Web-Mercator tiles, read with
 * geotiff.js by window (a COG's or tiled TIFF's blocks are decoded a few at a time, never the
 * whole image). Tiles come out of a depth-first quadtree walk: each deepest tile is resampled
 * from the source, each tile above from its four children, so at most four tiles per zoom are
 * held at once (≈ 6 MB for six zooms) whatever the image's size.
 */

/** A single decoded block above this is refused: a strip TIFF written as one strip would be decoded whole. */
export const MAX_BLOCK_BYTES = 64 * 1024 * 1024;
/** ≈ 25 × 25 km at 0.5 m, or 10 × 10 km at 0.15 m (z20): beyond it the pack would be several GB. */
export const MAX_ORTHO_TILES = 150_000;

export type OrthoPlan = {
  readonly epsg: number;
  readonly crsName: string;
  readonly widthPixels: number;
  readonly heightPixels: number;
  readonly metersPerPixel: number;
  readonly minZoom: number;
  readonly maxZoom: number;
  /** [west, south, east, north] in degrees. */
  readonly bounds: BBox;
  /** At most this many tiles are made (the tiles of the bounding box; the image's own shape may need fewer). */
  readonly tileEstimate: number;
  /** From the TIFF DateTime tag (YYYY-MM-DD), if it has one. */
  readonly dataDate: string | null;
};

export type OrthoTile = {readonly z: number; readonly x: number; readonly y: number; readonly rgba: TileRgba};

export type OrthoSource = {readonly plan: OrthoPlan; readonly tiles: () => AsyncGenerator<OrthoTile, void, undefined>};

const TIFF_MAGIC = [
  [0x49, 0x49, 0x2a, 0x00],
  [0x4d, 0x4d, 0x00, 0x2a],
  [0x49, 0x49, 0x2b, 0x00], // BigTIFF
  [0x4d, 0x4d, 0x00, 0x2b],
];

export async function isTiff(file: Blob): Promise<boolean> {
  const head = new Uint8Array(await file.slice(0, 4).arrayBuffer());
  return TIFF_MAGIC.some((m) => m.every((b, i) => head[i] === b));
}

/**
 * geotiff.js's own Blob source reads through FileReader, which workers have but node does not;
 * Blob.slice().arrayBuffer() works in both, so the tests run the same reader as the app.
 */
function blobTiffSource(blob: Blob) {
  const fetchSlice = async (slice: {offset: number; length: number}) =>
    ({...slice, data: await blob.slice(slice.offset, slice.offset + slice.length).arrayBuffer()});
  return {
    fileSize: blob.size,
    fetchSlice,
    fetch: (slices: {offset: number; length: number}[]) => Promise.all(slices.map(async (s) => (await fetchSlice(s)).data)),
    close: async () => undefined,
  };
}

const problem = (p: OrthoProblem) => ({ok: false as const, problem: p});
const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

function tiffDate(value: unknown): string | null {
  const m = typeof value === 'string' ? /^(\d{4}):(\d{2}):(\d{2})/.exec(value) : null;
  return m ? `${m[1]}-${m[2]}-${m[3]}` : null;
}

/** Reads the file's first image far enough to say where it lies and what will be made of it. */
export async function openOrtho(file: Blob): Promise<{ok: true; source: OrthoSource} | {ok: false; problem: OrthoProblem}> {
  if (!(await isTiff(file))) return problem({code: 'not-tiff'});
  let image: GeoTIFFImage;
  let mask: GeoTIFFImage | null;
  try {
    const tiff = await GeoTIFF.fromSource(blobTiffSource(file) as unknown as Parameters<typeof GeoTIFF.fromSource>[0]);
    image = await tiff.getImage(0);
    mask = await internalMask(tiff, image);
  } catch (err) {
    return problem({code: 'corrupt', detail: message(err)});
  }
  const dir = image.fileDirectory;
  const keys = image.getGeoKeys() as GeoKeys | null;
  const affine = affineFromTags({
    modelTiepoint: dir.getValue('ModelTiepoint') as number[] | undefined,
    modelPixelScale: dir.getValue('ModelPixelScale') as number[] | undefined,
    modelTransformation: dir.getValue('ModelTransformation') as number[] | undefined,
    pixelIsPoint: keys?.GTRasterTypeGeoKey === 2,
  });
  if (!affine) return problem({code: 'no-georeferencing'});
  const crsResult = orthoCrsFromGeoKeys(keys);
  if (!crsResult.ok) return crsResult;
  const crs = crsResult.crs;

  const samplesPerPixel = image.getSamplesPerPixel();
  const bitsPerSample = image.getBitsPerSample(0);
  if (![8, 16].includes(bitsPerSample) || image.getSampleFormat(0) !== 1 || samplesPerPixel < 1) {
    return problem({code: 'unsupported-samples', samplesPerPixel, bitsPerSample});
  }
  const blockBytes = image.getTileWidth() * image.getTileHeight() * image.getBytesPerPixel();
  if (blockBytes > MAX_BLOCK_BYTES) return problem({code: 'too-large', blockBytes, maxBlockBytes: MAX_BLOCK_BYTES});

  const width = image.getWidth();
  const height = image.getHeight();
  let bounds: BBox;
  let metersPerPixel: number;
  try {
    bounds = bboxOf(footprintLonLat(affine, width, height, crs));
    metersPerPixel = sourceMetersPerPixel(affine, width, height, crs);
  } catch {
    return problem({code: 'outside-mercator'});
  }
  if (!bounds.every(Number.isFinite) || bounds[1] < -MAX_MERCATOR_LAT || bounds[3] > MAX_MERCATOR_LAT || bounds[0] < -180 || bounds[2] > 180 || !(metersPerPixel > 0)) {
    return problem({code: 'outside-mercator'});
  }
  const {minZoom, maxZoom} = orthoZooms(metersPerPixel, (bounds[1] + bounds[3]) / 2);
  const tileEstimate = tileCount(bounds, minZoom, maxZoom);
  if (tileEstimate > MAX_ORTHO_TILES) return problem({code: 'too-many-tiles', tiles: tileEstimate, maxTiles: MAX_ORTHO_TILES});
  const dataDate = tiffDate(await dir.loadValue('DateTime').catch(() => undefined));

  withBlockCache(image, Math.max(BLOCK_CACHE_BYTES, 3 * blockBytes));
  if (mask) withBlockCache(mask, MASK_CACHE_BYTES);
  const plan: OrthoPlan = {epsg: crs.epsg, crsName: crs.name, widthPixels: width, heightPixels: height, metersPerPixel, minZoom, maxZoom, bounds, tileEstimate, dataDate};
  return {ok: true, source: {plan, tiles: () => walkTiles(image, mask, affine, crs, plan)}};
}

/** IFDs looked at for a mask: GDAL puts it right after its image; a file with more is not a GDAL COG. */
const MAX_IFDS_SEARCHED = 64;

/**
 * GDAL's internal mask of the full-resolution image (GDAL_TIFF_INTERNAL_MASK, and every JPEG COG
 * made from an image with alpha: YCbCr JPEG has no room for an alpha band): an IFD with
 * NewSubfileType bit 4 (mask) and not bit 1 (reduced resolution), PhotometricInterpretation 4,
 * the image's size, usually 1 bit a pixel (1 = data). Its masked pixels are typically black
 * collar, which must not be drawn.
 */
async function internalMask(tiff: GeoTIFF, image: GeoTIFFImage): Promise<GeoTIFFImage | null> {
  const count = Math.min(MAX_IFDS_SEARCHED, await tiff.getImageCount());
  for (let i = 1; i < count; i++) {
    const candidate = await tiff.getImage(i);
    const dir = candidate.fileDirectory;
    const subfileType = Number(dir.getValue('NewSubfileType') ?? 0);
    if ((subfileType & 4) && !(subfileType & 1) && dir.getValue('PhotometricInterpretation') === 4 &&
      candidate.getWidth() === image.getWidth() && candidate.getHeight() === image.getHeight()) return candidate;
  }
  return null;
}

/** A mask's decoded blocks are 1 bit a pixel: 32 KB for a 512² block. */
const MASK_CACHE_BYTES = 4 * 1024 * 1024;

async function* walkTiles(image: GeoTIFFImage, mask: GeoTIFFImage | null, affine: Affine, crs: OrthoCrs, plan: OrthoPlan): AsyncGenerator<OrthoTile, void, undefined> {
  const rgbPhotometric = image.fileDirectory.getValue('PhotometricInterpretation') === 2;
  const maxValue = rgbPhotometric ? 2 ** image.getBitsPerSample(0) - 1 : 255;
  const nodata = rgbPhotometric ? image.getGDALNoData() : null;
  const [bw, bs, be, bn] = plan.bounds;
  const overlaps = (z: number, x: number, y: number) => {
    const [w, s, e, n] = tileBounds(z, x, y);
    return w < be && e > bw && s < bn && n > bs;
  };

  const fromSource = async (z: number, x: number, y: number): Promise<TileRgba | null> => {
    const grid = tileSourceGrid(z, x, y, affine, crs);
    const window = gridWindow(grid, plan.widthPixels, plan.heightPixels);
    if (!window) return null;
    const raster = await image.readRGB({window: [...window], interleave: true, enableAlpha: true});
    const pixels = raster.width * raster.height;
    const channels = Math.round(raster.length / pixels);
    if (channels < 3) throw new Error(`unexpected ${channels} samples per pixel`);
    const rgba = channels === 3 || channels === 4 ? raster : keepFour(raster, channels, pixels);
    const masked = mask
      ? withMask(rgba, channels === 3 ? 3 : 4, pixels, await mask.readRasters({window: [...window], samples: [0], interleave: true}), maxValue)
      : null;
    return renderTile(grid, {
      data: masked ?? rgba,
      width: raster.width,
      height: raster.height,
      channels: masked || channels !== 3 ? 4 : 3,
      window,
      imageWidth: plan.widthPixels,
      imageHeight: plan.heightPixels,
      maxValue,
      nodata,
    });
  };

  async function* visit(z: number, x: number, y: number): AsyncGenerator<OrthoTile, TileRgba | null, undefined> {
    if (!overlaps(z, x, y)) return null;
    let rgba: TileRgba | null;
    if (z === plan.maxZoom) {
      rgba = await fromSource(z, x, y);
    } else {
      const children: (TileRgba | null)[] = [];
      for (const [dx, dy] of [[0, 0], [1, 0], [0, 1], [1, 1]] as const) children.push(yield* visit(z + 1, 2 * x + dx, 2 * y + dy));
      rgba = downsampleQuad(children);
    }
    if (rgba) yield {z, x, y, rgba};
    return rgba;
  }

  const top = tileRange(plan.bounds, plan.minZoom);
  for (let x = top.x0; x <= top.x1; x++) for (let y = top.y0; y <= top.y1; y++) yield* visit(plan.minZoom, x, y);
}

/** Decoded blocks kept for neighbouring tiles: ≈ 40 of a COG's 512² RGB blocks. */
const BLOCK_CACHE_BYTES = 32 * 1024 * 1024;

type BlockReader = (x: number, y: number, sample: number, poolOrDecoder: unknown, signal?: AbortSignal) => Promise<{data: ArrayBuffer}>;

/**
 * Adjacent tiles of the quadtree walk read the same source blocks (tiles, or strips of a strip
 * TIFF); geotiff.js decodes a block anew on every read, or with its `cache` option keeps every
 * block ever read — the whole image, in the end. This keeps the most recently used blocks up to
 * `budgetBytes` (least recently used dropped first), on this one image object.
 */
function withBlockCache(image: GeoTIFFImage, budgetBytes: number): void {
  const target = image as unknown as {getTileOrStrip: BlockReader};
  const read = target.getTileOrStrip.bind(image);
  const blocks = new Map<string, Promise<{data: ArrayBuffer}>>();
  const sizes = new Map<string, number>();
  let held = 0;
  target.getTileOrStrip = (x, y, sample, poolOrDecoder, signal) => {
    const key = `${x},${y},${sample}`;
    const hit = blocks.get(key);
    if (hit) {
      blocks.delete(key);
      blocks.set(key, hit);
      return hit;
    }
    const request = read(x, y, sample, poolOrDecoder, signal);
    blocks.set(key, request);
    request.then((block) => {
      if (blocks.get(key) !== request) return;
      sizes.set(key, block.data.byteLength);
      held += block.data.byteLength;
      for (const [old] of blocks) {
        if (held <= budgetBytes || old === key) break;
        held -= sizes.get(old) ?? 0;
        sizes.delete(old);
        blocks.delete(old);
      }
    }, () => blocks.delete(key));
    return request;
  };
}

/** RGBA whose alpha is the mask's (0 where the mask is 0), and the image's own alpha where it has one. */
function withMask(data: ArrayLike<number>, channels: 3 | 4, pixels: number, mask: ArrayLike<number>, maxValue: number): Uint16Array {
  const out = new Uint16Array(pixels * 4);
  for (let i = 0; i < pixels; i++) {
    out[i * 4] = data[i * channels]!;
    out[i * 4 + 1] = data[i * channels + 1]!;
    out[i * 4 + 2] = data[i * channels + 2]!;
    out[i * 4 + 3] = mask[i] ? (channels === 4 ? data[i * channels + 3]! : maxValue) : 0;
  }
  return out;
}

/** RGB plus the first extra sample (alpha), from a pixel with more samples than that. */
function keepFour(data: ArrayLike<number>, channels: number, pixels: number): Uint16Array {
  const out = new Uint16Array(pixels * 4);
  for (let i = 0; i < pixels; i++) for (let k = 0; k < 4; k++) out[i * 4 + k] = data[i * channels + k]!;
  return out;
}
