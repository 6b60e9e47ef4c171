import {SQUARE_METERS_PER_MU} from '../../seeds/programme';
import type {Lang} from '../i18n/lang';

export {SQUARE_METERS_PER_MU};
export const SQUARE_METERS_PER_HECTARE = 10_000;
export const SQUARE_METERS_PER_SQUARE_KILOMETER = 1_000_000;

/** The units an area can be shown in: 亩 is the unit the programme's target is written in. */
export const AREA_UNITS = ['m2', 'mu', 'ha', 'km2'] as const;
export type AreaUnit = (typeof AREA_UNITS)[number];

const SQUARE_METERS_PER_UNIT: Record<AreaUnit, number> = {
  m2: 1,
  mu: SQUARE_METERS_PER_MU,
  ha: SQUARE_METERS_PER_HECTARE,
  km2: SQUARE_METERS_PER_SQUARE_KILOMETER,
};

const UNIT_LABELS: Record<AreaUnit, {readonly zh: string; readonly en: string}> = {
  m2: {zh: '平方米', en: 'm²'},
  mu: {zh: '亩', en: 'mu'},
  ha: {zh: '公顷', en: 'ha'},
  km2: {zh: '平方千米', en: 'km²'},
};

/** 1 mu = 10000/15 m² exactly, so mu = m² × 15 / 10000 (divide by the exact constant, no rounding here). */
export function squareMetersToMu(areaSquareMeters: number): number {
  return areaSquareMeters / SQUARE_METERS_PER_MU;
}

export function muToSquareMeters(areaMu: number): number {
  return areaMu * SQUARE_METERS_PER_MU;
}

export function squareMetersToHectares(areaSquareMeters: number): number {
  return areaSquareMeters / SQUARE_METERS_PER_HECTARE;
}

export function squareMetersToSquareKilometers(areaSquareMeters: number): number {
  return areaSquareMeters / SQUARE_METERS_PER_SQUARE_KILOMETER;
}

/** An area in square metres expressed in `unit`. */
export function areaInUnit(areaSquareMeters: number, unit: AreaUnit): number {
  return areaSquareMeters / SQUARE_METERS_PER_UNIT[unit];
}

const LOCALES: Record<Lang, string> = {zh: 'zh-CN', en: 'en'};

/**
 * An area for people: `formatArea(4866666.67, 'mu', 'zh')` gives "7,300 亩",
 * `formatArea(4866666.67, 'mu', 'en')` gives "7,300 mu". Grouping and rounding come from
 * Intl.NumberFormat (zh-CN and en both group by thousands with a comma).
 */
export function formatArea(areaSquareMeters: number, unit: AreaUnit, lang: Lang, maximumFractionDigits = 0): string {
  const number = new Intl.NumberFormat(LOCALES[lang], {maximumFractionDigits}).format(areaInUnit(areaSquareMeters, unit));
  return `${number} ${UNIT_LABELS[unit][lang]}`;
}

/** A share as a percentage: `formatPercent(0.1234, 'en')` gives "12.3%". */
export function formatPercent(fraction: number, lang: Lang, maximumFractionDigits = 1): string {
  return new Intl.NumberFormat(LOCALES[lang], {style: 'percent', maximumFractionDigits}).format(fraction);
}
