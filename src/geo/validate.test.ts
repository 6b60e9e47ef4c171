import {describe, expect, it} from 'vitest';
import {readFileSync, readdirSync, writeFileSync} from 'node:fs';
import type {FeatureCollection, Polygon} from 'geojson';
import {
  BAD_DATE, BAD_POSITION, NO_COMPLETION_DATE, DUPLICATE_VERTICES, EMPTY_GEOMETRY, MALFORMED_COORDINATES, HINT_SWAP_LON_LAT, HOLE_OUTSIDE_SHELL, NOT_POLYGON, OUT_OF_RANGE,
  OUTSIDE_PROJECT_AREA, REASON_CODES, RING_NOT_CLOSED, RING_TOO_SHORT, SELF_INTERSECTION, UNKNOWN_MEASURE,
  UNKNOWN_STATUS, ZERO_AREA, repairDuplicateVertices, selfIntersection, validatePlot, type ReasonCode,
} from './validate';
import {polygonAreaSquareMeters} from './area';

const dir = new URL('./test/validate/', import.meta.url);
const read = (file: string): FeatureCollection => JSON.parse(readFileSync(new URL(`in/${file}`, dir), 'utf8')) as FeatureCollection;

/** Each fixture file and the reason codes it must produce, in order. */
const EXPECTED: Record<string, readonly ReasonCode[]> = {
  'valid.geojson': [],
  'not-polygon.geojson': [NOT_POLYGON],
  'bad-position.geojson': [BAD_POSITION],
  'out-of-range.geojson': [OUT_OF_RANGE, OUTSIDE_PROJECT_AREA],
  'outside-project-area.geojson': [OUTSIDE_PROJECT_AREA],
  'outside-project-area-swapped.geojson': [OUT_OF_RANGE, OUTSIDE_PROJECT_AREA],
  'ring-not-closed.geojson': [RING_NOT_CLOSED],
  'ring-too-short.geojson': [RING_TOO_SHORT],
  'self-intersection.geojson': [SELF_INTERSECTION],
  'self-intersection-large-ring.geojson': [SELF_INTERSECTION],
  'hole-outside-shell.geojson': [HOLE_OUTSIDE_SHELL],
  'zero-area.geojson': [ZERO_AREA],
  'duplicate-vertices.geojson': [DUPLICATE_VERTICES],
  'unknown-status.geojson': [UNKNOWN_STATUS],
  'unknown-measure.geojson': [UNKNOWN_MEASURE],
  'bad-date.geojson': [BAD_DATE],
  'empty-geometry.geojson': [EMPTY_GEOMETRY],
  'malformed-coordinates.geojson': [MALFORMED_COORDINATES],
  'no-completion-date.geojson': [NO_COMPLETION_DATE],
};

describe('validatePlot fixtures', () => {
  const files = readdirSync(new URL('in/', dir)).filter((f) => f.endsWith('.geojson'));

  it('has a fixture for every file and every reason code', () => {
    expect(files.sort()).toEqual(Object.keys(EXPECTED).sort());
    expect(new Set(Object.values(EXPECTED).flat())).toEqual(new Set(REASON_CODES));
  });

  it.each(files)('reports the expected reasons for %s', (file) => {
    const feature = read(file).features[0]!;
    const result = validatePlot(feature);
    if (process.env.REGEN) {
      const colour = result.valid ? '#1a9850' : '#d73027';
      const points = result.reasons.filter((r) => r.location).map((r) => ({
        type: 'Feature', properties: {code: r.code, ...r.params, 'marker-color': '#d73027'},
        geometry: {type: 'Point', coordinates: r.location},
      }));
      const outline = {...feature, properties: {...feature.properties, valid: result.valid, codes: result.reasons.map((r) => r.code), fill: colour, 'fill-opacity': 0.4, stroke: colour}};
      writeFileSync(new URL(`out/${file}`, dir), JSON.stringify({type: 'FeatureCollection', features: [outline, ...points]}) + '\n');
    }
    expect(result.reasons.map((r) => r.code)).toEqual(EXPECTED[file]);
    expect(result.valid).toBe(result.reasons.every((r) => r.severity === 'warning'));
    // Each reason's words are the UI's (i18n/reason-text.test.ts words every fixture's reasons).
    for (const reason of result.reasons) expect(typeof reason.params).toBe('object');
  });

  it('locates the crossing of a bow-tie where the two edges meet', () => {
    const reason = validatePlot(read('self-intersection.geojson').features[0]).reasons[0]!;
    expect(reason.location![0]).toBeCloseTo(101.601, 9);
    expect(reason.location![1]).toBeCloseTo(36.90075, 9);
  });

  it('hints at swapped coordinates only when swapping puts the plot in Qinghai', () => {
    const swapped = validatePlot(read('outside-project-area-swapped.geojson').features[0]).reasons.find((r) => r.code === OUTSIDE_PROJECT_AREA);
    const beijing = validatePlot(read('outside-project-area.geojson').features[0]).reasons.find((r) => r.code === OUTSIDE_PROJECT_AREA);
    expect(swapped?.hint).toBe(HINT_SWAP_LON_LAT);
    expect(beijing?.hint).toBeUndefined();
  });

  it('keeps a plot with duplicate vertices valid but flags it as repairable', () => {
    const [reason] = validatePlot(read('duplicate-vertices.geojson').features[0]).reasons;
    expect(reason).toMatchObject({code: DUPLICATE_VERTICES, severity: 'warning', repairable: true, location: [101.602, 36.9]});
  });

  it('rejects what is not a feature at all without throwing', () => {
    expect(validatePlot(null).reasons.map((r) => r.code)).toContain(NOT_POLYGON);
    expect(validatePlot({type: 'Feature', geometry: {type: 'Polygon', coordinates: 'x'}, properties: {}}).valid).toBe(false);
  });
});

describe('selfIntersection', () => {
  it('lets a hole touch its shell at one point', () => {
    const shell = [[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]];
    const hole = [[0, 2], [2, 3], [2, 1], [0, 2]];
    expect(selfIntersection([shell, hole])).toBeNull();
  });

  it('finds a ring touching itself at a vertex', () => {
    const figureEight = [[0, 0], [2, 2], [4, 0], [4, 4], [2, 2], [0, 4], [0, 0]];
    expect(selfIntersection([figureEight])).toEqual([2, 2]);
  });

  it('finds a spike that doubles back along an edge', () => {
    expect(selfIntersection([[[0, 0], [4, 0], [4, 4], [4, 2], [4, 6], [0, 4], [0, 0]]])).not.toBeNull();
  });
});

describe('repairDuplicateVertices', () => {
  it('removes repeated consecutive positions and nothing else, without touching the input', () => {
    const feature = read('duplicate-vertices.geojson').features[0]!;
    const geometry = feature.geometry as Polygon;
    const before = JSON.stringify(geometry);
    const repaired = repairDuplicateVertices(geometry);
    expect(JSON.stringify(geometry)).toBe(before);
    expect(repaired.coordinates[0]).toHaveLength(geometry.coordinates[0]!.length - 1);
    expect(validatePlot({...feature, geometry: repaired}).reasons).toEqual([]);
    expect(polygonAreaSquareMeters(repaired)).toBeCloseTo(polygonAreaSquareMeters(geometry), 9);
  });
});
