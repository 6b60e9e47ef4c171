import {describe, expect, it} from 'vitest';
import type {Plot, PlotGeometry} from '../../geo/plot';
import {syntheticPlots} from '../../geo/test/synthetic-plots';
import {isPackedGeometry, packGeometry, packPlot, unpackGeometry, unpackPlot} from './stored-geometry';

const square = (x: number, y: number, d: number): number[][] => [[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]];

/** What IndexedDB does to a value: its structured clone, then unpacked as the readers do. */
const roundTrip = (geometry: PlotGeometry): PlotGeometry => {
  const packed = packGeometry(geometry);
  expect(packed).not.toBeNull();
  return unpackGeometry(structuredClone(packed!));
};

describe('a plot geometry packed for the plots store', () => {
  it('comes back equal, key order included, for a polygon with a hole', () => {
    const geometry: PlotGeometry = {type: 'Polygon', coordinates: [square(101.6, 36.9, 0.01), square(101.602, 36.902, 0.002).reverse()]};
    const back = roundTrip(geometry);
    expect(back).toEqual(geometry);
    expect(JSON.stringify(back)).toBe(JSON.stringify(geometry));
  });

  it('comes back equal for a multipolygon whose parts have holes and differ in ring count', () => {
    const geometry: PlotGeometry = {
      type: 'MultiPolygon',
      coordinates: [[square(101.6, 36.9, 0.01), square(101.602, 36.902, 0.001), square(101.605, 36.905, 0.001)], [square(101.7, 36.9, 0.01)], [square(101.8, 36.9, 0.02), square(101.81, 36.91, 0.001)]],
    };
    const packed = packGeometry(geometry)!;
    expect(Array.from(packed.ringEnds)).toEqual([5, 10, 15, 20, 25, 30]);
    expect(Array.from(packed.partEnds!)).toEqual([3, 4, 6]);
    expect(JSON.stringify(roundTrip(geometry))).toBe(JSON.stringify(geometry));
  });

  it('keeps heights (3D positions), -0 and the last digit of every coordinate', () => {
    const geometry = {type: 'Polygon', coordinates: [[[101.60000000000001, 36.9, 2712.5], [-0, 36.91, 0], [101.61, 36.910000000000004, -3.25], [101.60000000000001, 36.9, 2712.5]]]} as PlotGeometry;
    const back = roundTrip(geometry);
    expect(back).toEqual(geometry);
    expect(Object.is((back.coordinates[0] as number[][])[1]![0], -0)).toBe(true);
    expect(packGeometry(geometry)!.stride).toBe(3);
  });

  it('keeps empty polygons, parts and rings', () => {
    for (const geometry of [
      {type: 'Polygon', coordinates: []},
      {type: 'MultiPolygon', coordinates: []},
      {type: 'MultiPolygon', coordinates: [[], [square(1, 2, 1)]]},
      {type: 'Polygon', coordinates: [square(1, 2, 1), []]},
    ] as PlotGeometry[]) {
      expect(JSON.stringify(roundTrip(geometry))).toBe(JSON.stringify(geometry));
    }
  });

  it('is not packed where packing would lose something: mixed or 4D positions, a bbox, non-numbers, holes in arrays, another key order', () => {
    const refused = [
      {type: 'Polygon', coordinates: [[[1, 2], [3, 4, 5], [1, 2]]]},
      {type: 'Polygon', coordinates: [[[1, 2, 3, 4], [3, 4, 5, 6], [1, 2, 3, 4]]]},
      {type: 'Polygon', coordinates: [square(1, 2, 1)], bbox: [1, 2, 2, 3]},
      {type: 'Polygon', coordinates: [[[1, '2'], [3, 4], [1, '2']]]},
      {type: 'Polygon', coordinates: [[[1, null], [3, 4], [1, null]]]},
      // eslint-disable-next-line no-sparse-arrays
      {type: 'Polygon', coordinates: [[[1, 2], , [1, 2]]]},
      {coordinates: [square(1, 2, 1)], type: 'Polygon'},
      {type: 'Point', coordinates: [1, 2]},
    ] as unknown as PlotGeometry[];
    for (const geometry of refused) {
      expect(packGeometry(geometry)).toBeNull();
      const plot = {type: 'Feature', geometry, properties: {id: 'x'}} as unknown as Plot;
      // Stored as it is, and read back as it is.
      expect(packPlot(plot)).toBe(plot);
      expect(unpackPlot(structuredClone(packPlot(plot)))).toEqual(plot);
    }
  });

  it('packs a whole plot: the feature keeps its members and their order, and reads back equal after a clone', () => {
    for (const plot of syntheticPlots(50, 5)) {
      const stored = structuredClone(packPlot(plot));
      expect(isPackedGeometry(stored.geometry)).toBe(true);
      expect(stored.properties).toEqual(plot.properties);
      const back = unpackPlot(stored);
      expect(JSON.stringify(back)).toBe(JSON.stringify(plot));
      // Packing what is packed already changes nothing (a stored value written back as it is).
      expect(packPlot(stored)).toBe(stored);
    }
  });

  it('reads a plot stored before packing (GeoJSON) as it is', () => {
    const [plot] = syntheticPlots(1, 2);
    expect(unpackPlot(plot!)).toBe(plot);
  });
});
