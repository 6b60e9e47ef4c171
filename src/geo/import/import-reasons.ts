import type {Bilingual} from '../../i18n/lang';
import {CORRUPT_RECORD, CRS_MISMATCH, DUPLICATE_ID, UNREADABLE_COORDINATE, UNREADABLE_GEOMETRY, formatPosition, type ReasonCode, type ValidationReason} from '../validate';

/*
 * The reasons an import gives for one feature before geometry validation runs, each a code
 * with its parameters and its words in both languages (the dictionary for the codes
 * validate.ts lists in IMPORT_REASON_CODES). Readers and the pipeline build them here so a
 * message is worded once.
 */

type Params = Readonly<Record<string, string | number>>;

const reason = (code: ReasonCode, message: Bilingual, params: Params, location?: readonly [number, number]): ValidationReason =>
  ({code, severity: 'error', repairable: false, message, params, ...(location ? {location} : {})});

/** Where a coordinate sits, in words: "the outer ring", "hole 2 of part 3", "track segment 1". */
export type PartLabel = {readonly zh: string; readonly en: string};

export function ringPartLabel(part: number | null, ring: number): PartLabel {
  const zhRing = ring === 0 ? '外环' : `第 ${ring} 个内环`;
  const enRing = ring === 0 ? 'the outer ring' : `hole ${ring}`;
  return part === null ? {zh: zhRing, en: enRing} : {zh: `第 ${part + 1} 部分的${zhRing}`, en: `${enRing} of part ${part + 1}`};
}

/** A coordinate the file's text does not spell as numbers (`abc,def`, `101.62abc`, lat="abc"): never dropped, never half-read. */
export function unreadableCoordinate(label: PartLabel, position: number, text: string): ValidationReason {
  const shown = text.length > 60 ? `${text.slice(0, 57)}…` : text;
  return reason(UNREADABLE_COORDINATE, {
    zh: `${label.zh}第 ${position} 个坐标“${shown}”不是数字，无法读取（未丢弃，也未截取）`,
    en: `position ${position} of ${label.en}, "${shown}", is not a number; it was neither dropped nor half-read`,
  }, {part: label.en, position, text: shown});
}

/** A ring, part or element the file names but whose content cannot be read at all. */
export function unreadableGeometry(detail: Bilingual): ValidationReason {
  return reason(UNREADABLE_GEOMETRY, {zh: `几何图形无法读取：${detail.zh}`, en: `the geometry cannot be read: ${detail.en}`}, {detail: detail.en});
}

/** Numbers that do not fit the coordinate system the file declares or the user chose. */
export function crsMismatch(crsName: string, position: readonly unknown[], why: 'look-like-degrees' | 'look-like-metres' | 'no-position'): ValidationReason {
  const numbers = formatPosition(position);
  const words = {
    'look-like-degrees': {zh: '看起来是经纬度（度）', en: 'they look like longitude/latitude in degrees'},
    'look-like-metres': {zh: '看起来是投影坐标（米）', en: 'they look like projected coordinates in metres'},
    'no-position': {zh: '换算不出地球上的位置', en: 'they convert to no position on Earth'},
  }[why];
  return reason(CRS_MISMATCH, {
    zh: `数值 ${numbers} 不符合坐标系 ${crsName}：${words.zh}`,
    en: `the numbers ${numbers} do not fit the coordinate system ${crsName}: ${words.en}`,
  }, {crs: crsName, numbers, why});
}

/** A second feature with an id already used earlier in the same file. */
export function duplicateId(id: string, firstWhere: string): ValidationReason {
  return {...reason(DUPLICATE_ID, {
    zh: `编号“${id}”重复，${firstWhere.replace(/^feature /, '第 ')}${/^feature /.test(firstWhere) ? ' 个要素' : ''}也用了此编号；可在确认后以新编号导入`,
    en: `duplicate id "${id}", also at ${firstWhere}; it can be imported under a new id with your consent`,
  }, {id, firstWhere}), repairable: true};
}

/** A shapefile record whose own header contradicts its length (a part or point count that lies). */
export function corruptRecord(record: number, detail: Bilingual): ValidationReason {
  return reason(CORRUPT_RECORD, {zh: `第 ${record} 条记录已损坏：${detail.zh}`, en: `record ${record} is corrupt: ${detail.en}`}, {record, detail: detail.en});
}
