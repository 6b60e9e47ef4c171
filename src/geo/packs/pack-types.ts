import type {BBox} from '../bbox';

/** The file formats a pack may come in. */
export const PACK_CONTAINERS = ['pmtiles', 'mbtiles'] as const;
export type PackContainer = (typeof PACK_CONTAINERS)[number];

/** What a basemap pack holds, as far as the map is concerned. */
export const PACK_KINDS = ['vector', 'raster', 'terrain'] as const;
export type PackKind = (typeof PACK_KINDS)[number];

/** The tile formats a pack may hold (the PMTiles v3 tile types the map can draw). */
export type PackTileFormat = 'mvt' | 'png' | 'jpeg' | 'webp' | 'avif';

/** How a DEM pack encodes elevation in its RGB pixels (MapLibre raster-dem `encoding`). */
export type DemEncoding = 'terrarium' | 'mapbox';

/** What the file says about itself: read from the PMTiles header and JSON metadata. */
export type PackDescription = {
  readonly kind: PackKind;
  readonly tileFormat: PackTileFormat;
  /** Vector packs: 'protomaps' when the layers follow the Protomaps basemap schema. */
  readonly schema: 'protomaps' | 'other' | null;
  /** Vector packs: the source-layer names listed in the metadata. */
  readonly vectorLayers: readonly string[];
  readonly encoding: DemEncoding | null;
  readonly minZoom: number;
  readonly maxZoom: number;
  /** [west, south, east, north] from the header. */
  readonly bounds: BBox;
  /** The name the file gives itself (metadata `name`), if any. */
  readonly title: string | null;
  /** Plain text (markup removed): the attribution the file carries. */
  readonly attribution: string;
  /** The data comes from OpenStreetMap (ODbL): its attribution must be shown while it is used. */
  readonly openStreetMap: boolean;
  /** When the data was made, if the file says (ISO date), else null. */
  readonly dataDate: string | null;
  readonly tileCount: number;
  /** Raster and DEM packs: the width of a tile in pixels (from a PNG's header; else 256). */
  readonly tileSizePixels: number;
};

/** A pack stored on this device: its description plus the user's choices for it. */
export type PackRecord = PackDescription & {
  readonly id: string;
  /** Shown in the list: the file's title, or its file name. */
  readonly name: string;
  readonly fileName: string;
  readonly sizeBytes: number;
  /** ISO timestamp of the import. */
  readonly importedAt: string;
  /** The file's own modification date (ISO), as the picker reported it. */
  readonly fileDate: string | null;
  readonly visible: boolean;
  /** Its coverage outline is drawn on the map. */
  readonly outline: boolean;
  /** What the file is (absent in records made before MBTiles: PMTiles). */
  readonly container?: 'pmtiles' | 'mbtiles';
  /** Downloaded from the team server: the SHA-256 it was checked against. */
  readonly sha256?: string;
  /** Made on this device from an orthophoto GeoTIFF: the system it was in and its resolution. */
  readonly ortho?: OrthoOrigin;
  /** Raster packs: how opaque the layer is drawn, 0–1 (absent: 1). */
  readonly opacity?: number;
  /** Terrain packs: contour lines drawn from the DEM (absent: off). */
  readonly contours?: boolean;
};

/** What an orthophoto pack was made from (src/geo/ortho/ortho-convert.ts). */
export type OrthoOrigin = {
  readonly epsg: number;
  readonly crsName: string;
  readonly metersPerPixel: number;
  readonly widthPixels: number;
  readonly heightPixels: number;
};
