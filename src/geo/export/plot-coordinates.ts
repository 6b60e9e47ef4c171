import type {Position} from 'geojson';
import type {PlotGeometry} from '../plot';

/** Rounds a coordinate to `decimals` places (7 decimals of a degree is about 1 cm, RFC 7946 §11.2). */
export const roundTo = (value: number, decimals: number): number => {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
};

/** Twice the signed planar area of a ring: positive when it winds counterclockwise (x east, y north). */
export function ringSignedArea2(ring: readonly Position[]): number {
  let sum = 0;
  for (let i = 0; i + 1 < ring.length; i++) sum += ring[i]![0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * ring[i]![1]!;
  return sum;
}

/** The ring wound as asked, leaving it alone when it already is. */
export function windRing(ring: readonly Position[], counterclockwise: boolean): Position[] {
  const ccw = ringSignedArea2(ring) > 0;
  return ccw === counterclockwise ? ring.map((p) => [...p]) : [...ring].reverse().map((p) => [...p]);
}

/** A plot geometry as a list of polygons (shell first, then holes), whatever its type. */
export function polygonsOf(geometry: PlotGeometry): Position[][][] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}
