import type {ImportNotice, NeedsCrsImport, NeedsEncodingImport, UnreadableImport} from '../geo/import/staged-import';
import type {ShapeProblemCode} from '../geo/plot-shape';
import type {Lang} from './lang';
import {t} from './messages';

/** Anything src/geo reports as a reason: a validation or import reason, or a drawn shape's problem. */
type Reason = {readonly code: ShapeProblemCode; readonly params?: Readonly<Record<string, string | number>>; readonly hint?: string};

/** A reason (geo/validate.ts, geo/import/import-reasons.ts, geo/plot-shape.ts) in the reader's language. */
export function reasonText(reason: Reason, lang: Lang): string {
  return t(`reason.${reason.code}`, lang, {...reason.params, hint: reason.hint});
}

/** An import notice (geo/import/staged-import.ts) in the reader's language, without its `where`. */
export function noticeText(notice: ImportNotice, lang: Lang): string {
  return t(`notice.${notice.code}`, lang, notice.params);
}

/** Why an import stopped before its report: unreadable, or a question about the coordinate system or the encoding. */
export function importStatusText(report: UnreadableImport | NeedsCrsImport | NeedsEncodingImport, lang: Lang): string {
  switch (report.status) {
    case 'unreadable': return t('import.unreadable', lang, {file: report.file, cause: report.cause});
    case 'needs-crs': return t(`import.needs-crs.${report.reason}`, lang, report.params);
    case 'needs-encoding': return t(`import.needs-encoding.${report.why}`, lang, {declared: report.declared});
  }
}

/** Both languages at once, for output that carries both (the tally's JSON). */
export const inBothLanguages = (text: (lang: Lang) => string): {zh: string; en: string} => ({zh: text('zh'), en: text('en')});
