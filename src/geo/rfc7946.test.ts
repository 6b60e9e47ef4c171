import {describe, expect, it} from 'vitest';
import {readFileSync, readdirSync} from 'node:fs';
import {checkRfc7946} from './rfc7946';
import {bboxOfGeoJson} from './bbox';

const dir = new URL('./test/rfc7946/', import.meta.url);
const read = (name: string): unknown => JSON.parse(readFileSync(new URL(name, dir), 'utf8'));

describe('checkRfc7946', () => {
  it('accepts a counter-clockwise polygon with a clockwise hole', () => {
    expect(checkRfc7946(read('valid.geojson'))).toEqual([]);
  });

  // Each fixture file is named after the one problem it holds: <code>.geojson
  const cases = readdirSync(dir).filter((f) => f !== 'valid.geojson');
  it.each(cases)('reports %s', (file) => {
    const codes = checkRfc7946(read(file)).map((p) => p.code);
    expect(codes).toEqual([file.replace('.geojson', '')]);
  });
});

describe('bboxOfGeoJson', () => {
  it('spans every position of every feature', () => {
    expect(bboxOfGeoJson(read('valid.geojson') as never)).toEqual([101.6, 36.9, 101.7, 37]);
  });
  it('is null for a collection without positions', () => {
    expect(bboxOfGeoJson({type: 'FeatureCollection', features: []})).toBeNull();
  });
});
