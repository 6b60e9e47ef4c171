import type {CrsInfo} from '../crs';
import type {ValidationReason} from '../validate';
import type {UncertainEncoding} from './text-decoding';
import type {EncodingQuestion} from './staged-import';
import type {ImportBudget, ImportFormat, ImportNotice, ImportOptions} from './staged-import';

/** A feature as a reader found it: geometry still in the file's coordinates, attributes untouched. */
export type RawFeature = {
  readonly geometry: unknown;
  readonly properties: Readonly<Record<string, unknown>>;
  /** The feature-level id (GeoJSON `Feature.id`), where the format has one. */
  readonly id?: unknown;
  /** Where in the file, for people: "feature 3", "row 12", "Placemark 2". */
  readonly where: string;
  readonly notices?: readonly ImportNotice[];
  /** Why the reader could not read this feature's geometry as the file wrote it: the feature is rejected with these reasons. */
  readonly issues?: readonly ValidationReason[];
};

/**
 * What a file says about its coordinates: nothing of use because its format fixes WGS84
 * (RFC 7946 GeoJSON, KML, GPX, CSV lon/lat), a system it declares, a declaration this app
 * cannot read, or nothing at all (a shapefile without `.prj`, CSV Gauss-Krüger X/Y).
 */
export type CrsDeclaration =
  | {readonly kind: 'format-default'}
  | {readonly kind: 'declared'; readonly crs: CrsInfo; readonly source: string}
  | {readonly kind: 'unknown'; readonly name: string; readonly source: string}
  | {readonly kind: 'none'; readonly projected: boolean};

export type ReaderInput = {
  readonly fileName: string;
  readonly bytes: Uint8Array;
  readonly options: ImportOptions;
  readonly budget: ImportBudget;
  /** Date.now() past which the reader gives up. */
  readonly deadline: number;
};

export type ReaderResult =
  | {readonly ok: true; readonly features: readonly RawFeature[]; readonly crs: CrsDeclaration; readonly encoding: string | null; readonly notices: readonly ImportNotice[]}
  | {readonly ok: false; readonly kind: 'needs-encoding'; readonly candidates: readonly {readonly encoding: string; readonly preview: string}[]; readonly why: EncodingQuestion; readonly declared?: string}
  | {readonly ok: false; readonly kind: 'unreadable'; readonly cause: string};

/** One input format. New formats plug in by adding a reader to PLOT_READERS (read-plots.ts). */
export type PlotReader = {
  readonly format: ImportFormat;
  /** Whether this reader takes the file, from its name or, failing that, its first bytes. */
  readonly accepts: (fileName: string, head: Uint8Array) => boolean;
  readonly read: (input: ReaderInput) => Promise<ReaderResult>;
};

export const unreadable = (cause: string): ReaderResult => ({ok: false, kind: 'unreadable', cause});

export function needsEncoding(candidates: readonly {encoding: string; preview: string}[], declared: string | null, why: UncertainEncoding = 'uncertain'): ReaderResult {
  return {ok: false, kind: 'needs-encoding', candidates, ...(declared ? {declared, why: 'invalid'} : {why})};
}

/** Throws when the budget's time is up; readers call it in their loops, the pipeline turns it into a result. */
export function checkDeadline(input: ReaderInput): void {
  if (Date.now() > input.deadline) throw new BudgetExceeded(`parsing took longer than ${input.budget.maxMilliseconds} ms`);
}

export class BudgetExceeded extends Error {}

/** Copies attributes into a fresh object with defineProperty, so a `__proto__` key stays data. */
export function ownRecord(entries: Iterable<readonly [string, unknown]>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) Object.defineProperty(out, k, {value: v, enumerable: true, writable: true, configurable: true});
  return out;
}
