import {describe, expect, it} from 'vitest';
import {SUBSIDENCE_TARGET} from '../../seeds/programme';
import {muToSquareMeters, squareMetersToHectares, squareMetersToMu, squareMetersToSquareKilometers} from './units';

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
});
