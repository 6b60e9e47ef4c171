import {featureCollection, union} from '@turf/turf';
import type {Feature, Polygon} from 'geojson';
import {DissolveIndex} from './dissolve';
import {statusCountsAsRemediated} from './plot';
import {tallyPlots} from './tally';
import {syntheticPlots, syntheticRing, seededRandom} from './test/synthetic-plots';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

function time(run: () => void): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

/**
 * Prints figures, asserts nothing: the tally of 1k, 10k and 50k synthetic plots around Datong
 * (20–80 vertices, ~30 % overlapping a neighbour), peak memory, a one-plot edit at 10k, and a
 * naive turf.union of all 1k plots as the baseline the clustered dissolve replaces.
 * Targets on a 2-core machine: 10k ≤ 1 s, 50k ≤ 5 s, one edit ≤ 16 ms.
 */
export async function benchTally(runs = 3): Promise<void> {
  const asOf = '2025-06-30';
  console.log('tally benchmark (median of %d runs)', runs);
  for (const count of [1_000, 10_000, 50_000]) {
    const plots = syntheticPlots(count);
    const heapBefore = process.memoryUsage().heapUsed;
    let peakHeap = heapBefore, peakRss = process.memoryUsage().rss;
    const times: number[] = [];
    for (let r = 0; r < runs; r++) {
      times.push(time(() => tallyPlots(plots, {asOf})));
      const m = process.memoryUsage();
      peakHeap = Math.max(peakHeap, m.heapUsed);
      peakRss = Math.max(peakRss, m.rss);
    }
    console.log(`  ${String(count).padStart(6)} plots: tally ${median(times).toFixed(0)} ms (runs ${times.map((t) => t.toFixed(0)).join(', ')}), heap +${mb(peakHeap - heapBefore)} over ${mb(heapBefore)}, peak rss ${mb(peakRss)}`);
  }

  // One-plot edit at 10k: move a remediated plot onto its neighbour and back.
  const plots = syntheticPlots(10_000);
  const remediated = plots.filter((p) => statusCountsAsRemediated(p.properties.status));
  const index = new DissolveIndex(remediated.map((p) => p.geometry));
  const random = seededRandom(99);
  const edits: number[] = [];
  for (let e = 0; e < 50; e++) {
    const i = Math.floor(random() * remediated.length);
    const [lon, lat] = (remediated[i]!.geometry as Polygon).coordinates[0]![0]!;
    const moved: Polygon = {type: 'Polygon', coordinates: [syntheticRing(random, lon! + 0.002, lat!, 0.0015, 50)]};
    edits.push(time(() => {
      index.replace(i, moved);
      index.areaSquareMeters();
    }));
  }
  console.log(`  one-plot edit at 10k: median ${median(edits).toFixed(2)} ms, max ${Math.max(...edits).toFixed(2)} ms (50 edits, dissolve + total)`);

  // Baseline: one naive union of every plot.
  const thousand = syntheticPlots(1_000) as Feature<Polygon>[];
  const naive = time(() => union(featureCollection(thousand)));
  const clustered = median(Array.from({length: runs}, () => time(() => new DissolveIndex(thousand.map((p) => p.geometry)).areaSquareMeters())));
  console.log(`  baseline at 1k: naive turf.union ${naive.toFixed(0)} ms vs clustered dissolve ${clustered.toFixed(0)} ms`);
}
