import type {UncertainEncoding} from './text-decoding';
import type {CrsInfo} from '../crs';
import type {JsonValue, Plot} from '../plot';
import type {ValidationReason} from '../validate';

/** Every file format the import pipeline reads. */
export const IMPORT_FORMATS = ['geojson', 'kml', 'kmz', 'gpx', 'shapefile', 'csv', 'geopackage'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** Coordinates from Chinese consumer maps: GCJ-02 (Gaode, Tencent) or BD-09 (Baidu). */
export type SourceShift = 'none' | 'gcj02' | 'bd09';

/** Limits that keep a hostile or oversized file from taking the page or worker down. */
export type ImportBudget = {
  /** Largest input file. */
  readonly maxFileBytes: number;
  /** Largest total a zip may inflate to, judged from its central directory before inflating. */
  readonly maxInflatedBytes: number;
  readonly maxFeatures: number;
  /** Wall-clock time for parsing; the worker client also terminates the worker at this limit. */
  readonly maxMilliseconds: number;
};

/**
 * The page's limits. A programme reaches tens of thousands of plots: 50,000 plots of 20–80
 * vertices are a 114 MB GeoJSON, parsed in the import worker in seconds (issue 11), so the file
 * may be up to 160 MiB and hold up to 100,000 features.
 */
export const DEFAULT_IMPORT_BUDGET: ImportBudget = {
  maxFileBytes: 160 * 1024 * 1024,
  maxInflatedBytes: 256 * 1024 * 1024,
  maxFeatures: 100_000,
  maxMilliseconds: 30_000,
};

/**
 * The command line's limits: a node process with no tab to keep alive, asked to total a whole
 * province's survey (issue 11: 100,000 plots, a 229 MB GeoJSON, under 2 GB).
 */
export const CLI_IMPORT_BUDGET: ImportBudget = {
  maxFileBytes: 1024 * 1024 * 1024,
  maxInflatedBytes: 1024 * 1024 * 1024,
  maxFeatures: 1_000_000,
  maxMilliseconds: 600_000,
};

/** Why an encoding is asked for: the declared one does not fit the bytes, or nothing tells which one does. */
export type EncodingQuestion = UncertainEncoding | 'invalid';

/** What the user (or the command line) says where the file cannot. */
export type ImportOptions = {
  /** An EPSG code such as `EPSG:4522`, used when the file has no or an unknown coordinate system. */
  readonly sourceCrs?: string;
  /** A WHATWG encoding label (`gbk`, `utf-8`, `utf-16le`…), used when the file does not say. */
  readonly encoding?: string;
  readonly sourceShift?: SourceShift;
  /** Read every position as [lat, lon] (the user accepted the swap the report offered). */
  readonly swapLonLat?: boolean;
  readonly budget?: Partial<ImportBudget>;
  /** The sql.js WebAssembly binary, for GeoPackage; node and the browser load it differently. */
  readonly loadSqlWasm?: () => Promise<ArrayBuffer | Uint8Array>;
  /** Clock and id source, injectable for tests. */
  readonly now?: () => string;
  readonly newId?: () => string;
};

/** Something the user should know about the file as a whole or about one feature. */
export type ImportNotice = {
  readonly code: NoticeCode;
  /** The values its words are made from (counts, encodings, names); the UI's dictionary words each code. */
  readonly params?: Readonly<Record<string, string | number | readonly string[]>>;
  /** Where in the file: "feature 3", "row 12", "record 2", "Placemark 1". */
  readonly where?: string;
};

export type NoticeCode =
  | 'duplicate-key' | 'big-integer' | 'network-link-ignored' | 'crs-assumed' | 'crs-from-file'
  | 'shift-applied' | 'encoding-guessed' | 'unmapped-fields' | 'points-not-plots' | 'axis-order-swapped' | 'date-normalised'
  | 'status-defaulted' | 'id-generated' | 'deleted-records'
  | 'lon-lat-swap-suggested' | 'lon-lat-swapped' | 'duplicate-ids' | 'undated-claims';

/** A plot ready to commit, with where it came from and the attributes the plot model has no field for. */
export type StagedPlot = {
  readonly plot: Plot;
  readonly index: number;
  readonly where: string;
  /** Attributes not mapped onto the plot model, kept so nothing is lost silently. */
  readonly extra: Readonly<Record<string, JsonValue>>;
  /** Non-blocking validation warnings (duplicate vertices). */
  readonly warnings: readonly ValidationReason[];
  /** The plot's own area on the ellipsoid, m², when the import worker measured it (measured-report.ts). */
  readonly areaSquareMeters?: number;
};

export type StagedRejection = {
  readonly index: number;
  readonly where: string;
  readonly id: string | number | null;
  readonly reasons: readonly ValidationReason[];
};

/** `new-id`: a feature whose id an earlier feature of the same file uses, imported under a fresh id. */
export const REPAIR_KINDS = ['close-ring', 'remove-duplicate-vertices', 'nest-holes', 'new-id'] as const;
export type RepairKind = (typeof REPAIR_KINDS)[number];

/** A feature rejected as it stands that one named repair makes valid; committed only with consent. */
export type StagedRepair = StagedRejection & {
  readonly repairs: readonly RepairKind[];
  readonly repaired: StagedPlot;
};

/** A waypoint or other point feature: shown, never counted (plots are areas). */
export type StagedPoint = {readonly index: number; readonly where: string; readonly name: string; readonly position: readonly [number, number]};

export type ReadyImport = {
  readonly status: 'ready';
  readonly file: string;
  readonly format: ImportFormat;
  readonly crs: CrsInfo;
  readonly encoding: string | null;
  readonly shift: SourceShift;
  /** Features found in the file (plots, rejections, repairs and points together). */
  readonly read: number;
  readonly plots: readonly StagedPlot[];
  readonly rejected: readonly StagedRejection[];
  readonly repairable: readonly StagedRepair[];
  readonly points: readonly StagedPoint[];
  readonly notices: readonly ImportNotice[];
  /** Every feature lies in Qinghai only with lon and lat exchanged: offer re-reading with `swapLonLat`. */
  readonly swapSuggested?: boolean;
};

export type NeedsCrsImport = {
  readonly status: 'needs-crs';
  readonly file: string;
  readonly format: ImportFormat;
  readonly reason: 'no-crs' | 'unknown-crs' | 'datum-shift-needed';
  /** What the question is worded from: the system the file names (`crs`, `name`) and where it says so (`source`). */
  readonly params: Readonly<Record<string, string>>;
  /** The systems to offer, most likely first; may be empty (then any EPSG code may be typed). */
  readonly candidates: readonly CrsInfo[];
};

export type NeedsEncodingImport = {
  readonly status: 'needs-encoding';
  readonly file: string;
  readonly format: ImportFormat;
  /** Why the encoding is asked for: the declared one (`declared`) is `invalid` for the bytes, or none fits for sure. */
  readonly why: EncodingQuestion;
  readonly declared?: string;
  /** Each encoding the bytes decode under without error, with a preview for the user to judge. */
  readonly candidates: readonly {readonly encoding: string; readonly preview: string}[];
};

export type UnreadableImport = {
  readonly status: 'unreadable';
  readonly file: string;
  readonly format: ImportFormat | null;
  /** Why, in English (technical detail: a byte count, a parser's own error); the UI shows it after its own words. */
  readonly cause: string;
};

/**
 * The staged report of one import: nothing is committed by the pipeline. `ready` lists what
 * can be imported, what is rejected (with reasons and locations) and what a repair would
 * make importable; `needs-crs` and `needs-encoding` ask the user a question first.
 */
export type StagedImport = ReadyImport | NeedsCrsImport | NeedsEncodingImport | UnreadableImport;
