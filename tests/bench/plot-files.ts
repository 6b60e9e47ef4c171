import {existsSync, mkdirSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import type {Plot} from '../../src/geo/plot';
import {syntheticPlots} from '../../src/geo/test/synthetic-plots';

/**
 * Benchmark input files: `count` synthetic plots of 20–80 vertices around Datong (the same
 * generator as the tally benchmark, seed 1), written once as GeoJSON into a temporary folder
 * and reused by later runs. They are generated, never committed (10k plots are 23 MB).
 */
export function plotFile(count: number): {path: string; plots: Plot[]} {
  const dir = join(tmpdir(), 'qh-bench-plots');
  mkdirSync(dir, {recursive: true});
  const path = join(dir, `synthetic-${count}.geojson`);
  const plots = syntheticPlots(count);
  if (!existsSync(path)) writeFileSync(path, JSON.stringify({type: 'FeatureCollection', features: plots}));
  return {path, plots};
}

/** The middle of the synthetic grid and a zoom that shows all of it, as a `#zoom/lat/lng` hash. */
export const PLOTS_VIEW = '#11/36.9/101.6';
