import {MEASURE_CODES, PLOT_STATUSES} from '../../../seeds/programme';
import type {Plot} from '../plot';

/** Mulberry32: a small seeded generator so synthetic data is the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A star-shaped ring (never self-intersecting) of `vertices` points around a centre, radius in degrees. */
export function syntheticRing(random: () => number, lon: number, lat: number, radiusDegrees: number, vertices: number): number[][] {
  const ring: number[][] = [];
  for (let i = 0; i < vertices; i++) {
    const angle = (2 * Math.PI * (i + 0.8 * random())) / vertices;
    const r = radiusDegrees * (0.6 + 0.4 * random());
    ring.push([lon + (r * Math.cos(angle)) / Math.cos((lat * Math.PI) / 180), lat + r * Math.sin(angle)]);
  }
  ring.push([...ring[0]!]);
  return ring;
}

/**
 * `count` plots of 20–80 vertices on a grid around Datong (101.6°E, 36.9°N), about 30 % of
 * them overlapping a neighbour; statuses, measures and completion months spread over 2023–2025.
 */
export function syntheticPlots(count: number, seed = 1): Plot[] {
  const random = seededRandom(seed);
  const side = Math.ceil(Math.sqrt(count));
  const spacing = 0.004;
  const plots: Plot[] = [];
  for (let i = 0; i < count; i++) {
    const row = Math.floor(i / side), col = i % side;
    const overlap = random() < 0.3;
    // Radius 0.0012° ≈ 130 m: apart from neighbours 0.004° away unless nudged towards one.
    const lon = 101.6 + (col - side / 2) * spacing / Math.cos((36.9 * Math.PI) / 180) + (overlap ? 0.0022 : 0);
    const lat = 36.9 + (row - side / 2) * spacing;
    const vertices = 20 + Math.floor(random() * 61);
    const status = PLOT_STATUSES[Math.floor(random() * PLOT_STATUSES.length)]!;
    const month = Math.floor(random() * 36);
    const completed = status === 'planned' ? null : `${2023 + Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}-15`;
    plots.push({
      type: 'Feature',
      geometry: {type: 'Polygon', coordinates: [syntheticRing(random, lon, lat, overlap ? 0.0019 : 0.0012, vertices)]},
      properties: {
        id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        name: `Plot ${i}`,
        zone: 'synthetic',
        measure: MEASURE_CODES[Math.floor(random() * MEASURE_CODES.length)]!,
        status,
        completed,
        team: `team-${i % 7}`,
        notes: '',
        updated: '2025-06-30T00:00:00Z',
      },
    });
  }
  return plots;
}
