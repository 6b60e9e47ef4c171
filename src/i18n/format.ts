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
  const number = new Intl.NumberFormat(localeOf(lang), {maximumFractionDigits}).format(areaInUnit(areaSquareMeters, unit));
  return `${number} ${UNIT_LABELS[unit][lang]}`;
}

/** A share as a percentage: `formatPercent(0.1234, 'en')` gives "12.3%". */
export function formatPercent(fraction: number, lang: Lang, maximumFractionDigits = 1): string {
  return new Intl.NumberFormat(localeOf(lang), {style: 'percent', maximumFractionDigits}).format(fraction);
}

/** "label: value" with the language's colon: full-width "：" in Chinese, ": " in English. */
export function labelled(label: string, value: string, lang: Lang): string {
  return lang === 'zh' ? `${label}：${value}` : `${label}: ${value}`;
}

/** The language's list separator: "，" in Chinese, ", " in English. */
export const listSeparator = (lang: Lang): string => (lang === 'zh' ? '，' : ', ');
