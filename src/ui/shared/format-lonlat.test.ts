import {describe, expect, it} from 'vitest';
import {formatLonLat} from './format-lonlat';

describe('formatLonLat', () => {
  it('writes longitude first with hemispheres', () => {
    expect(formatLonLat([101.6845, 36.9355])).toBe('101.68450°E, 36.93550°N');
    expect(formatLonLat([-0.5, -12.25])).toBe('0.50000°W, 12.25000°S');
  });
});
