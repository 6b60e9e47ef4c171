import {describe, expect, it} from 'vitest';
import {muToSquareMeters} from '../geo/units';
import {formatArea, formatPercent} from './format';

describe('formatArea and formatPercent', () => {
  it('formats the target as "7,300 亩" in Chinese and "7,300 mu" in English', () => {
    const m2 = muToSquareMeters(7300);
    expect(formatArea(m2, 'mu', 'zh')).toBe('7,300 亩');
    expect(formatArea(m2, 'mu', 'en')).toBe('7,300 mu');
    expect(formatArea(m2, 'ha', 'zh', 2)).toBe('486.67 公顷');
    expect(formatArea(m2, 'km2', 'en', 3)).toBe('4.867 km²');
    expect(formatArea(1234.56, 'm2', 'zh', 1)).toBe('1,234.6 平方米');
  });

  it('formats shares as percentages', () => {
    expect(formatPercent(0.1234, 'en')).toBe('12.3%');
    expect(formatPercent(0.5, 'zh')).toBe('50%');
  });
});
