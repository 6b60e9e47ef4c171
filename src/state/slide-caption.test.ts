import {describe, expect, it} from 'vitest';
import {NO_FILTERS} from './filters-slice';
import {readFileSync} from 'node:fs';
import type {FeatureCollection, MultiPolygon, Polygon} from 'geojson';
import {labelPointOf} from '../geo/label-point';
import {captionDate, placeOfView, slideCaption} from './slide-caption';

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

describe('captions name what each slide shows', () => {
  const read = (name: string) => JSON.parse(readFileSync(new URL(`../../geodata/${name}.geojson`, import.meta.url), 'utf8')) as FeatureCollection;
  const layers = [read('haixi'), read('datong'), read('muli')];
  const figures = {asOf: '2025-06-30', remediatedMu: 3280.4, percentOfTarget: (3280.4 / 7300) * 100};
  const zone = read('datong').features.find((f) => f.properties?.id === 'datong-subsidence-qiaotou-north')!;
  const inZone = labelPointOf(zone.geometry as Polygon)!;
  const coalfield = read('muli').features.find((f) => f.properties?.kind === 'coalfield')!;
  const inMuli = labelPointOf(coalfield.geometry as MultiPolygon)! as [number, number];
  const caption = (center: [number, number], zoom: number, lang: 'zh' | 'en' = 'zh', filters = NO_FILTERS) =>
    slideCaption(figures, lang, filters, placeOfView({center, zoom}, layers));

  it('names the subsidence zone a close view centres on, and the county when zoomed out over it', () => {
    expect(caption([inZone[0]!, inZone[1]!], 13)).toBe('大通采煤沉陷区（桥头镇北部）：截至2025年6月30日，大通县采煤沉陷区已完成治理3,280亩，占目标的44.9%');
    expect(caption([inZone[0]!, inZone[1]!], 13, 'en')).toBe("Datong coal-mining subsidence zone (north of Qiaotou): as of 30 June 2025, 3,280 mu of Datong's coal-mining subsidence areas had been remediated, 44.9% of the target");
    expect(caption([inZone[0]!, inZone[1]!], 9)).toMatch(/^大通回族土族自治县：/);
  });

  it('names the Muli coalfield and Haixi, and gives different captions to slides over different places', () => {
    expect(caption(inMuli, 9)).toMatch(/^木里煤田：截至/);
    expect(caption([96.0, 35.8], 5)).toMatch(/^海西州：截至/);
    expect(caption([96.0, 35.8], 5, 'en')).toMatch(/^Haixi Prefecture: as of 30 June 2025/);
    const views: [[number, number], number][] = [[[96.0, 35.8], 5], [[101.7, 36.96], 11], [inMuli, 9], [[inZone[0]!, inZone[1]!], 13], [[110, 30], 6]];
    const all = views.map(([c, z]) => caption(c, z));
    expect(new Set(all).size).toBe(all.length);
  });

  it('says where the view is by coordinates when it is over no programme area', () => {
    expect(caption([110, 30], 6)).toMatch(/^东经110\.00°、北纬30\.00°一带：截至/);
    expect(caption([110, 30], 6, 'en')).toMatch(/^Around 30\.00°N, 110\.00°E: as of/);
  });

  it('keeps the filters and the day in a caption with a place', () => {
    const filters = {...NO_FILTERS, statuses: ['remediated' as const]};
    expect(caption(inMuli, 9, 'zh', filters)).toMatch(/^木里煤田：截至2025年6月30日，大通县采煤沉陷区（已治理（自报））已完成治理/);
  });
});
