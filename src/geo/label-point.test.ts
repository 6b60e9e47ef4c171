import {describe, expect, it} from 'vitest';
import {readFileSync} from 'node:fs';
import type {FeatureCollection, MultiPolygon, Polygon} from 'geojson';
import {booleanPointInPolygon} from '@turf/turf';
import {labelPointOf, labelPointsOf} from './label-point';

describe('labelPointOf', () => {
  it('puts a C-shaped polygon’s label inside it, not at its empty centroid', () => {
    const c: Polygon = {type: 'Polygon', coordinates: [[[100, 36], [101, 36], [101, 36.2], [100.2, 36.2], [100.2, 36.8], [101, 36.8], [101, 37], [100, 37], [100, 36]]]};
    const p = labelPointOf(c)!;
    expect(booleanPointInPolygon(p, c)).toBe(true);
    expect(p[0]).toBeLessThan(100.2);
  });

  it('labels the largest part of a MultiPolygon', () => {
    const m: MultiPolygon = {type: 'MultiPolygon', coordinates: [
      [[[90, 36], [90.1, 36], [90.1, 36.1], [90, 36.1], [90, 36]]],
      [[[95, 36], [97, 36], [97, 38], [95, 38], [95, 36]]],
    ]};
    const [lon, lat] = labelPointOf(m)!;
    expect(lon).toBeCloseTo(96, 1);
    expect(lat).toBeCloseTo(37, 1);
  });
});

describe('labelPointsOf', () => {
  it('gives every county of Haixi one label point inside the county', () => {
    const haixi = JSON.parse(readFileSync(new URL('../../geodata/haixi.geojson', import.meta.url), 'utf8')) as FeatureCollection<Polygon | MultiPolygon>;
    const labels = labelPointsOf(haixi);
    expect(labels.features).toHaveLength(haixi.features.length);
    labels.features.forEach((label, i) => {
      expect(label.properties?.id).toBe(haixi.features[i]!.properties?.id);
      expect(booleanPointInPolygon(label.geometry.coordinates, haixi.features[i]!), String(label.properties?.id)).toBe(true);
    });
  });

  it('skips points and lines', () => {
    const fc: FeatureCollection = {type: 'FeatureCollection', features: [
      {type: 'Feature', properties: {}, geometry: {type: 'Point', coordinates: [95, 37]}},
      {type: 'Feature', properties: {}, geometry: {type: 'LineString', coordinates: [[95, 37], [96, 37]]}},
    ]};
    expect(labelPointsOf(fc).features).toEqual([]);
  });
});
