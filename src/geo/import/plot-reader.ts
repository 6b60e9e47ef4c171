import type {Bilingual} from '../../i18n/lang';
import type {CrsInfo} from '../crs';
import type {ValidationReason} from '../validate';
import type {UncertainEncoding} from './text-decoding';
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
  | {readonly ok: false; readonly kind: 'needs-encoding'; readonly candidates: readonly {readonly encoding: string; readonly preview: string}[]; readonly message: Bilingual}
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
  const message: Bilingual = declared
    ? {zh: `文件不是有效的 ${declared} 编码文本，请选择正确的编码`, en: `the file is not valid ${declared} text; choose its encoding`}
    : why === 'mixed'
      ? {zh: '文件混用了 UTF-8 和另一种编码（如 GBK），任何一种读法都会有乱码；请对照各编码下的名称预览选择，或先修正文件', en: 'the file mixes UTF-8 with another encoding (such as GBK), so any one reading garbles some text; compare the names under each encoding, or fix the file first'}
      : why === 'utf-16'
        ? {zh: '文件看起来是没有字节顺序标记的 UTF-16 文本，请从预览中选择', en: 'the file looks like UTF-16 text without a byte-order mark; choose from the previews'}
        : {zh: '无法确定文件的文字编码（含无效字节或生僻字），请对照名称预览选择', en: 'the text encoding cannot be told for sure (invalid bytes or rare characters); compare the names under each encoding and choose'};
  return {ok: false, kind: 'needs-encoding', candidates, message};
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
