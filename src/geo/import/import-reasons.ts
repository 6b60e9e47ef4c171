import {CORRUPT_RECORD, CRS_MISMATCH, DUPLICATE_ID, UNREADABLE_COORDINATE, UNREADABLE_GEOMETRY, formatPosition, type ReasonCode, type ReasonParams, type ValidationReason} from '../validate';

/*
 * The reasons an import gives for one feature before geometry validation runs, each a code
 * with its parameters (the codes validate.ts lists in IMPORT_REASON_CODES). Readers and the
 * pipeline build them here so each is shaped once; the UI's dictionary
 * (i18n/reason-messages.ts) words them.
 */

const reason = (code: ReasonCode, params: ReasonParams, location?: readonly [number, number]): ValidationReason =>
  ({code, severity: 'error', repairable: false, params, ...(location ? {location} : {})});

/**
 * Where a coordinate sits, as reason parameters: a ring (0 the outer one; `part` 1-based, only
 * when there are several; `row`, the CSV line it came from), a named KML element, or a GPX
 * track, track segment, route or waypoint.
 */
export type PartLabel =
  | {readonly ring: number; readonly part?: number; readonly row?: number}
  | {readonly element: string}
  | {readonly gpx: 'track' | 'route' | 'waypoint'}
  | {readonly gpx: 'segment'; readonly segment: number};

/** `part` is 0-based here, null when the geometry has only one. */
export function ringPartLabel(part: number | null, ring: number): PartLabel {
  return part === null ? {ring} : {part: part + 1, ring};
}

/** A coordinate the file's text does not spell as numbers (`abc,def`, `101.62abc`, lat="abc"): never dropped, never half-read. */
export function unreadableCoordinate(label: PartLabel, position: number, text: string): ValidationReason {
  const shown = text.length > 60 ? `${text.slice(0, 57)}…` : text;
  return reason(UNREADABLE_COORDINATE, {...label, position, text: shown});
}

/** Why a ring, part or element the file names cannot be read at all. */
export type GeometryProblem =
  | {readonly detail: 'no-coordinates'} & PartLabel
  | {readonly detail: 'no-outer-ring'}
  | {readonly detail: 'wkt-empty'}
  | {readonly detail: 'wkt-unparsable'; readonly wkt: string};

export function unreadableGeometry(problem: GeometryProblem): ValidationReason {
  return reason(UNREADABLE_GEOMETRY, problem);
}

export type CrsMisfit = 'look-like-degrees' | 'look-like-metres' | 'no-position';

/** Numbers that do not fit the coordinate system the file declares or the user chose. */
export function crsMismatch(crsName: string, position: readonly unknown[], why: CrsMisfit): ValidationReason {
  return reason(CRS_MISMATCH, {crs: crsName, numbers: formatPosition(position), why});
}

/** A second feature with an id already used earlier in the same file. */
export function duplicateId(id: string, firstWhere: string): ValidationReason {
  return {...reason(DUPLICATE_ID, {id, firstWhere}), repairable: true};
}

/** Why a shapefile record's own header contradicts its length (ESRI Shapefile Technical Description, Table 6). */
export type RecordProblem =
  | {readonly detail: 'content-too-short'; readonly contentBytes: number}
  | {readonly detail: 'counts-too-large'; readonly numParts: number; readonly numPoints: number; readonly needed: number; readonly contentBytes: number}
  | {readonly detail: 'bad-part-start'; readonly part: number; readonly index: number; readonly lastPoint: number};

/** A shapefile record whose own header contradicts its length (a part or point count that lies). */
export function corruptRecord(record: number, problem: RecordProblem): ValidationReason {
  return reason(CORRUPT_RECORD, {record, ...problem});
}
