import {Compression, PMTiles, TileType, bytesToHeader, tileIdToZxy} from 'pmtiles';
import type {Entry, Header} from 'pmtiles';
import type {BBox} from '../bbox';
import {BlobSource} from './blob-source';
import type {DemEncoding, PackDescription, PackKind, PackTileFormat} from './pack-types';

/** Why a file is not accepted as a pack; the UI words each code (ui/packs/pack-messages.ts). */
export type PackProblem =
  | {readonly code: 'too-small'; readonly sizeBytes: number}
  | {readonly code: 'not-pmtiles'}
  | {readonly code: 'unsupported-version'; readonly version: number}
  | {readonly code: 'truncated'; readonly sizeBytes: number; readonly expectedBytes: number}
  | {readonly code: 'bad-header'; readonly field: string}
  | {readonly code: 'bad-bounds'; readonly bounds: BBox}
  | {readonly code: 'unsupported-tile-type'; readonly tileType: number}
  | {readonly code: 'unsupported-compression'; readonly compression: number}
  | {readonly code: 'corrupt-directory'}
  | {readonly code: 'corrupt-metadata'}
  | {readonly code: 'corrupt-tile'; readonly tile: readonly [number, number, number]}
  | {readonly code: 'no-tiles'}
  | {readonly code: 'no-vector-layers'}
  | {readonly code: 'not-mbtiles'}
  | {readonly code: 'mbtiles-too-large'; readonly sizeBytes: number; readonly maxBytes: number}
  | {readonly code: 'unsupported-mbtiles-format'; readonly format: string};

export type PackInspection = {readonly ok: true; readonly pack: PackDescription} | {readonly ok: false; readonly problem: PackProblem};

/** PMTiles v3 header length and the span pmtiles reads in one go (header plus root directory). */
export const HEADER_BYTES = 127;
const FIRST_READ_BYTES = 16_384;
const MAX_ZOOM = 30;

const TILE_FORMATS: Partial<Record<TileType, PackTileFormat>> = {
  [TileType.Mvt]: 'mvt',
  [TileType.Png]: 'png',
  [TileType.Jpeg]: 'jpeg',
  [TileType.Webp]: 'webp',
  [TileType.Avif]: 'avif',
};

/** Layers every Protomaps basemap build has (docs.protomaps.com/basemaps/layers). */
const PROTOMAPS_CORE = ['earth', 'water'];
const PROTOMAPS_OTHERS = ['roads', 'places', 'landuse', 'landcover', 'buildings', 'boundaries', 'pois', 'transit'];

const refuse = (problem: PackProblem): PackInspection => ({ok: false, problem});

function startsWith(bytes: Uint8Array, prefix: readonly number[], at = 0): boolean {
  return prefix.every((b, i) => bytes[at + i] === b);
}

/** The image signature expected of each raster format, to tell a damaged tile. */
export function looksLike(format: PackTileFormat, bytes: Uint8Array): boolean {
  switch (format) {
    case 'png':
      return startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    case 'jpeg':
      return startsWith(bytes, [0xff, 0xd8, 0xff]);
    case 'webp':
      return startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8);
    case 'avif':
      return startsWith(bytes, [0x66, 0x74, 0x79, 0x70], 4);
    case 'mvt':
      // A vector tile is a protobuf message of layers (field 3, wire type 2: first byte 0x1a).
      return bytes.length === 0 || bytes[0] === 0x1a;
  }
}

/** Markup out, entities in: pack metadata is shown as text, never as HTML. */
export function plainText(value: unknown): string {
  if (typeof value !== 'string') return '';
  return value
    .replace(/<[^>]*>/g, ' ')
    .replace(/&copy;/gi, '©')
    .replace(/&amp;/gi, '&')
    .replace(/&[a-z#0-9]+;/gi, ' ')
    .replace(/[<>]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 300);
}

function vectorLayerIds(metadata: Record<string, unknown>): string[] {
  const layers = metadata['vector_layers'];
  if (!Array.isArray(layers)) return [];
  return layers.flatMap((l) => (l && typeof l === 'object' && typeof (l as {id?: unknown}).id === 'string' ? [(l as {id: string}).id] : []));
}

export function schemaOf(layers: readonly string[]): 'protomaps' | 'other' {
  const has = (id: string) => layers.includes(id);
  return PROTOMAPS_CORE.every(has) && PROTOMAPS_OTHERS.filter(has).length >= 2 ? 'protomaps' : 'other';
}

function demEncodingOf(metadata: Readonly<Record<string, unknown>>): DemEncoding | null {
  const e = metadata['encoding'];
  return e === 'terrarium' || e === 'mapbox' ? e : null;
}

const DATE_KEYS = ['planetiler:osm:osmosisreplicationtime', 'planetiler:buildtime', 'date', 'created', 'generated'];

function dataDateOf(metadata: Readonly<Record<string, unknown>>): string | null {
  for (const key of DATE_KEYS) {
    const v = metadata[key];
    const d = typeof v === 'string' || typeof v === 'number' ? new Date(typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v) : null;
    if (d && !Number.isNaN(d.getTime())) return d.toISOString().slice(0, 10);
  }
  return null;
}

function mentionsOpenStreetMap(metadata: Readonly<Record<string, unknown>>): boolean {
  return ['attribution', 'description', 'name', 'source'].some((k) => /openstreetmap|\bOSM\b/i.test(String(metadata[k] ?? '')));
}

function checkHeader(header: Header, sizeBytes: number): PackProblem | null {
  const sections: [number, number][] = [
    [header.rootDirectoryOffset, header.rootDirectoryLength],
    [header.jsonMetadataOffset, header.jsonMetadataLength],
    [header.leafDirectoryOffset, header.leafDirectoryLength ?? 0],
    [header.tileDataOffset, header.tileDataLength ?? 0],
  ];
  if (sections.some(([o, l]) => !Number.isSafeInteger(o) || !Number.isSafeInteger(l) || o < HEADER_BYTES && l > 0)) {
    return {code: 'bad-header', field: 'offsets'};
  }
  const expectedBytes = Math.max(...sections.map(([o, l]) => o + l));
  if (expectedBytes > sizeBytes) return {code: 'truncated', sizeBytes, expectedBytes};
  if (header.rootDirectoryLength === 0 || header.rootDirectoryOffset + header.rootDirectoryLength > FIRST_READ_BYTES) {
    return {code: 'bad-header', field: 'rootDirectory'};
  }
  if (!(header.minZoom <= header.maxZoom && header.maxZoom <= MAX_ZOOM)) return {code: 'bad-header', field: 'zoom'};
  const bounds: BBox = [header.minLon, header.minLat, header.maxLon, header.maxLat];
  const [w, s, e, n] = bounds;
  if (!(w >= -180 && e <= 180 && s >= -90 && n <= 90 && w < e && s < n)) return {code: 'bad-bounds', bounds};
  for (const c of [header.internalCompression, header.tileCompression]) {
    if (c !== Compression.None && c !== Compression.Gzip && c !== Compression.Unknown) return {code: 'unsupported-compression', compression: c};
  }
  return null;
}

/** The first tile the directories address, following one leaf directory if need be. */
async function firstTileEntry(pm: PMTiles, header: Header, root: Entry[]): Promise<Entry | null> {
  const direct = root.find((e) => e.runLength > 0);
  if (direct) return direct;
  const leaf = root[0];
  if (!leaf) return null;
  const entries = await pm.cache.getDirectory(pm.source, header.leafDirectoryOffset + leaf.offset, leaf.length, header);
  return entries.find((e) => e.runLength > 0) ?? null;
}

/**
 * Reads a PMTiles v3 archive (https://github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md)
 * far enough to say what it is and whether it is whole: header, section bounds against the
 * file's size (a truncated copy is caught here), metadata, root directory and one tile.
 * Nothing is stored; the caller stores the file only if this says ok.
 */
export async function inspectPack(file: Blob): Promise<PackInspection> {
  if (file.size < HEADER_BYTES) return refuse({code: 'too-small', sizeBytes: file.size});
  const first = new Uint8Array(await file.slice(0, Math.min(file.size, FIRST_READ_BYTES)).arrayBuffer());
  if (!startsWith(first, [...'PMTiles'].map((c) => c.charCodeAt(0)))) {
    return startsWith(first, [0x50, 0x4d]) ? refuse({code: 'unsupported-version', version: first[2] ?? 0}) : refuse({code: 'not-pmtiles'});
  }
  if (first[7] !== 3) return refuse({code: 'unsupported-version', version: first[7] ?? 0});
  const header = bytesToHeader(first.slice(0, HEADER_BYTES).buffer);
  const headerProblem = checkHeader(header, file.size);
  if (headerProblem) return refuse(headerProblem);
  const tileFormat = TILE_FORMATS[header.tileType as TileType];
  if (!tileFormat) return refuse({code: 'unsupported-tile-type', tileType: header.tileType});

  const pm = new PMTiles(new BlobSource(file, 'inspect'));
  let root: Entry[];
  try {
    await pm.getHeader();
    root = await pm.cache.getDirectory(pm.source, header.rootDirectoryOffset, header.rootDirectoryLength, header);
  } catch {
    return refuse({code: 'corrupt-directory'});
  }
  const dataLength = header.tileDataLength ?? 0;
  const leafLength = header.leafDirectoryLength ?? 0;
  if (root.some((e) => e.offset < 0 || e.offset + e.length > (e.runLength > 0 ? dataLength : leafLength))) {
    return refuse({code: 'corrupt-directory'});
  }

  let metadata: Record<string, unknown>;
  try {
    const m = header.jsonMetadataLength > 0 ? await pm.getMetadata() : {};
    if (!m || typeof m !== 'object' || Array.isArray(m)) return refuse({code: 'corrupt-metadata'});
    metadata = m as Record<string, unknown>;
  } catch {
    return refuse({code: 'corrupt-metadata'});
  }

  let tileSizePixels = typeof metadata['tileSize'] === 'number' && [256, 512].includes(metadata['tileSize']) ? metadata['tileSize'] : 256;
  let entry: Entry | null;
  try {
    entry = await firstTileEntry(pm, header, root);
  } catch {
    return refuse({code: 'corrupt-directory'});
  }
  if (!entry) return refuse({code: 'no-tiles'});
  const zxy = tileIdToZxy(entry.tileId);
  try {
    const tile = await pm.getZxy(zxy[0], zxy[1], zxy[2]);
    const bytes = new Uint8Array(tile?.data ?? new ArrayBuffer(0));
    if (!tile || !looksLike(tileFormat, bytes)) return refuse({code: 'corrupt-tile', tile: zxy});
    tileSizePixels = tileSizeOf(tileFormat, bytes, tileSizePixels);
  } catch {
    return refuse({code: 'corrupt-tile', tile: zxy});
  }

  return describeTiles({
    tileFormat,
    vectorLayers: tileFormat === 'mvt' ? vectorLayerIds(metadata) : [],
    metadata,
    minZoom: header.minZoom,
    maxZoom: header.maxZoom,
    bounds: [header.minLon, header.minLat, header.maxLon, header.maxLat],
    tileCount: header.numAddressedTiles,
    tileSizePixels,
  });
}

/** What a pack's first tile, layers and metadata say, whichever container they came from. */
export type TileFacts = {
  readonly tileFormat: PackTileFormat;
  readonly vectorLayers: readonly string[];
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly minZoom: number;
  readonly maxZoom: number;
  readonly bounds: BBox;
  readonly tileCount: number;
  readonly tileSizePixels: number;
};

/**
 * The one place a pack's description is built, for PMTiles and MBTiles alike: its kind (vector,
 * raster or terrain by its DEM encoding), schema, title, attribution, whether it is
 * OpenStreetMap data and the date of its data. A vector pack naming no layers is refused.
 */
export function describeTiles(facts: TileFacts): PackInspection {
  const {tileFormat, metadata} = facts;
  const vectorLayers = [...facts.vectorLayers];
  if (tileFormat === 'mvt' && vectorLayers.length === 0) return refuse({code: 'no-vector-layers'});
  const encoding = tileFormat === 'mvt' ? null : demEncodingOf(metadata);
  const kind: PackKind = tileFormat === 'mvt' ? 'vector' : encoding ? 'terrain' : 'raster';
  const schema = kind === 'vector' ? schemaOf(vectorLayers) : null;
  return {
    ok: true,
    pack: {
      kind,
      tileFormat,
      schema,
      vectorLayers,
      encoding,
      minZoom: facts.minZoom,
      maxZoom: facts.maxZoom,
      bounds: facts.bounds,
      title: plainText(metadata['name']) || null,
      attribution: plainText(metadata['attribution']),
      // The Protomaps basemap is built from OpenStreetMap whatever its metadata says.
      openStreetMap: schema === 'protomaps' || mentionsOpenStreetMap(metadata),
      dataDate: dataDateOf(metadata),
      tileCount: facts.tileCount,
      tileSizePixels: facts.tileSizePixels,
    },
  };
}

/** A PNG says its width in its IHDR chunk (bytes 16–19); other formats keep the declared size. */
export function tileSizeOf(format: PackTileFormat, bytes: Uint8Array, declared: number): number {
  return format === 'png' && bytes.length > 24 ? new DataView(bytes.buffer, bytes.byteOffset).getUint32(16) : declared;
}
