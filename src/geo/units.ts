import {SQUARE_METERS_PER_MU} from '../../seeds/programme';

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

/** An area in square metres expressed in `unit` (the words for a unit are the UI's: i18n/format.ts). */
export function areaInUnit(areaSquareMeters: number, unit: AreaUnit): number {
  return areaSquareMeters / SQUARE_METERS_PER_UNIT[unit];
}
