import {areaInUnit, type AreaUnit} from '../geo/units';
import {localeOf, type Lang} from './lang';

const UNIT_LABELS: Record<AreaUnit, {readonly zh: string; readonly en: string}> = {
  m2: {zh: '平方米', en: 'm²'},
  mu: {zh: '亩', en: 'mu'},
  ha: {zh: '公顷', en: 'ha'},
  km2: {zh: '平方千米', en: 'km²'},
};

/**
 * An area for people: `formatArea(4866666.67, 'mu', 'zh')` gives "7,300 亩",
 * `formatArea(4866666.67, 'mu', 'en')` gives "7,300 mu". Grouping and rounding come from
 * Intl.NumberFormat (zh-CN and en both group by thousands with a comma).
 */
export function formatArea(areaSquareMeters: number, unit: AreaUnit, lang: Lang, maximumFractionDigits = 0): string {
  const number = numberFormat(lang, 'decimal', maximumFractionDigits).format(areaInUnit(areaSquareMeters, unit));
  return `${number} ${UNIT_LABELS[unit][lang]}`;
}

/** A share as a percentage: `formatPercent(0.1234, 'en')` gives "12.3%". */
export function formatPercent(fraction: number, lang: Lang, maximumFractionDigits = 1): string {
  return numberFormat(lang, 'percent', maximumFractionDigits).format(fraction);
}

/**
 * One Intl.NumberFormat per language, style and precision, made once: making one is far dearer
 * than formatting with it, and a list of plots formats an area per row at every save (about
 * 20 ms of each save's main thread with 10,000 plots stored, issue 11).
 */
const formats = new Map<string, Intl.NumberFormat>();
function numberFormat(lang: Lang, style: 'decimal' | 'percent', maximumFractionDigits: number): Intl.NumberFormat {
  const key = `${lang} ${style} ${maximumFractionDigits}`;
  let format = formats.get(key);
  if (!format) formats.set(key, (format = new Intl.NumberFormat(localeOf(lang), {style, maximumFractionDigits})));
  return format;
}

/** "label: value" with the language's colon: full-width "：" in Chinese, ": " in English. */
export function labelled(label: string, value: string, lang: Lang): string {
  return lang === 'zh' ? `${label}：${value}` : `${label}: ${value}`;
}

/** The language's list separator: "，" in Chinese, ", " in English. */
export const listSeparator = (lang: Lang): string => (lang === 'zh' ? '，' : ', ');
