import {describe, expect, it} from 'vitest';
import {SUBSIDENCE_TARGET} from '../../seeds/programme';
import {formatArea, formatPercent, muToSquareMeters, squareMetersToHectares, squareMetersToMu, squareMetersToSquareKilometers} from './units';

describe('area units', () => {
  it('converts the 7,300 mu target to 486.67 ha and 4.867 km²', () => {
    const m2 = muToSquareMeters(SUBSIDENCE_TARGET.areaMu);
    expect(m2).toBeCloseTo(4_866_666.667, 3);
    expect(squareMetersToHectares(m2)).toBeCloseTo(486.667, 3);
    expect(squareMetersToSquareKilometers(m2)).toBeCloseTo(4.867, 3);
    expect(squareMetersToMu(m2)).toBeCloseTo(7300, 9);
  });

  it('makes 15 mu exactly one hectare', () => {
    expect(squareMetersToHectares(muToSquareMeters(15))).toBeCloseTo(1, 12);
  });

  it('formats the target as "7,300 亩" in Chinese and "7,300 mu" in English', () => {
    const m2 = muToSquareMeters(7300);
    expect(formatArea(m2, 'mu', 'zh')).toBe('7,300 亩');
    expect(formatArea(m2, 'mu', 'en')).toBe('7,300 mu');
    expect(formatArea(m2, 'ha', 'zh', 2)).toBe('486.67 公顷');
    expect(formatArea(m2, 'km2', 'en', 3)).toBe('4.867 km²');
  });

  it('formats shares as percentages', () => {
    expect(formatPercent(0.1234, 'en')).toBe('12.3%');
    expect(formatPercent(0.5, 'zh')).toBe('50%');
  });
});
