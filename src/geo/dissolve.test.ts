import {describe, expect, it} from 'vitest';
import {readFileSync, readdirSync, writeFileSync} from 'node:fs';
import type {Feature, FeatureCollection, Polygon} from 'geojson';
import {polygonAreaSquareMeters} from './area';
import {DissolveIndex, dissolvedAreaSquareMeters} from './dissolve';
import type {PlotGeometry} from './plot';
import {seededRandom, syntheticPlots} from './test/synthetic-plots';

const dir = new URL('./test/dissolve/', import.meta.url);
const read = (file: string): Feature<Polygon, {role: string}>[] =>
  (JSON.parse(readFileSync(new URL(`in/${file}`, dir), 'utf8')) as FeatureCollection<Polygon, {role: string}>).features;

describe('dissolve fixtures', () => {
  const files = readdirSync(new URL('in/', dir)).filter((f) => f.endsWith('.geojson'));

  it.each(files)('dissolves %s to the expected area', (file) => {
    const features = read(file);
    const plots = features.filter((f) => f.properties.role === 'plot').map((f) => f.geometry);
    const expected = features.find((f) => f.properties.role === 'expected');
    const index = new DissolveIndex(plots);
    const expectedSquareMeters = expected
      ? polygonAreaSquareMeters(expected.geometry)
      : plots.reduce((sum, g) => sum + polygonAreaSquareMeters(g), 0);
    if (process.env.REGEN) {
      const palette = ['#1b9e77', '#d95f02', '#7570b3', '#e7298a', '#66a61e'];
      const out = [...index.clusters()].map((cluster, k) => ({
        type: 'Feature',
        properties: {members: cluster.members, areaSquareMeters: cluster.areaSquareMeters, fill: palette[k % palette.length], 'fill-opacity': 0.5, stroke: '#333333'},
        geometry: {type: 'MultiPolygon', coordinates: cluster.polygons},
      }));
      writeFileSync(new URL(`out/${file}`, dir), JSON.stringify({type: 'FeatureCollection', features: out}) + '\n');
    }
    expect(Math.abs(index.areaSquareMeters() / expectedSquareMeters - 1)).toBeLessThan(1e-9);
  });

  it('adds plots that share an edge exactly, without a union', () => {
    const plots = read('touching-edge.geojson').map((f) => f.geometry);
    const index = new DissolveIndex(plots);
    expect([...index.clusters()]).toHaveLength(3);
    expect(index.areaSquareMeters()).toBe(plots.reduce((sum, g) => sum + polygonAreaSquareMeters(g), 0));
  });

  it('counts identical duplicates once and credits the first of them', () => {
    const plots = read('identical-duplicates.geojson').filter((f) => f.properties.role === 'plot').map((f) => f.geometry);
    const index = new DissolveIndex(plots, [2, 1, 0]);
    const one = polygonAreaSquareMeters(plots[0]!);
    expect(index.areaSquareMeters()).toBeCloseTo(one, 6);
    expect(index.creditedSquareMeters(2)).toBeCloseTo(one, 6);
    expect(index.creditedSquareMeters(0)).toBeCloseTo(0, 6);
    expect(index.ownAreaSquareMeters() - index.areaSquareMeters()).toBeCloseTo(2 * one, 6);
  });

  it('credits each member with only the land it adds, so credits sum to the dissolved area', () => {
    const plots = read('overlapping-pair.geojson').filter((f) => f.properties.role === 'plot').map((f) => f.geometry);
    const index = new DissolveIndex(plots);
    expect(index.creditedSquareMeters(0)).toBe(polygonAreaSquareMeters(plots[0]!));
    expect(index.creditedSquareMeters(0) + index.creditedSquareMeters(1)).toBeCloseTo(index.areaSquareMeters(), 6);
    expect(index.creditedSquareMeters(1)).toBeCloseTo(polygonAreaSquareMeters(plots[1]!) * 0.75, 0);
  });
});

describe('DissolveIndex.replace', () => {
  const geometries = (n: number, seed: number): PlotGeometry[] => syntheticPlots(n, seed).map((p) => p.geometry);

  it('gives the same area and clusters after edits as a fresh dissolve of the edited plots', () => {
    const random = seededRandom(42);
    const current = geometries(300, 3);
    const donors = geometries(300, 4);
    const index = new DissolveIndex(current);
    for (let edit = 0; edit < 60; edit++) {
      const i = Math.floor(random() * current.length);
      // Move, remove or swap in another plot's outline, which overlaps different neighbours.
      const roll = random();
      const next = roll < 0.15 ? null : roll < 0.6 ? donors[Math.floor(random() * donors.length)]! : current[Math.floor(random() * current.length)];
      current[i] = next as PlotGeometry;
      index.replace(i, next ?? null);
    }
    const fresh = new DissolveIndex(current.map((g) => g ?? null));
    expect(index.areaSquareMeters()).toBeCloseTo(fresh.areaSquareMeters(), 3);
    const clusterSets = (d: DissolveIndex) => [...d.clusters()].map((c) => [...c.members].sort((a, b) => a - b).join(',')).sort();
    expect(clusterSets(index)).toEqual(clusterSets(fresh));
  });

  it('adds a plot one past the end', () => {
    const plots = read('overlapping-pair.geojson').filter((f) => f.properties.role === 'plot').map((f) => f.geometry);
    const index = new DissolveIndex([plots[0]!]);
    index.replace(1, plots[1]!);
    expect(index.areaSquareMeters()).toBeCloseTo(dissolvedAreaSquareMeters(plots), 6);
  });
});
