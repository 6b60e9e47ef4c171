import {describe, expect, it} from 'vitest';
import {NO_FILTERS} from './filters-slice';
import {captionDate, slideCaption} from './slide-caption';

describe('slide captions', () => {
  const figures = {asOf: '2025-06-30', remediatedMu: 3280.4, percentOfTarget: (3280.4 / 7300) * 100};

  it('writes the figures as a Chinese sentence', () => {
    expect(slideCaption(figures, 'zh')).toBe('截至2025年6月30日，大通县采煤沉陷区已完成治理3,280亩，占目标的44.9%');
  });

  it('writes the figures as an English sentence', () => {
    expect(slideCaption(figures, 'en')).toBe("As of 30 June 2025, 3,280 mu of Datong's coal-mining subsidence areas had been remediated, 44.9% of the target");
  });

  it('says what the figures are narrowed to', () => {
    const filters = {...NO_FILTERS, measures: ['slope' as const], teams: ['青海地矿工程队']};
    expect(slideCaption(figures, 'zh', filters)).toBe('截至2025年6月30日，大通县采煤沉陷区（边坡治理；青海地矿工程队）已完成治理3,280亩，占目标的44.9%');
    expect(slideCaption(figures, 'en', filters)).toContain('subsidence areas (Slope stabilisation; 青海地矿工程队) had been');
  });

  it('writes days without leading zeros in both languages', () => {
    expect(captionDate('2025-01-05', 'zh')).toBe('2025年1月5日');
    expect(captionDate('2025-01-05', 'en')).toBe('5 January 2025');
  });
});
