// Navigation → first map idle for two builds of the app and the bare page, interleaved in one
// browser (`tsx tests/bench/ab-load.ts DIST_A DIST_B [runs]`): a before/after comparison under
// the same load, which map-load.bench.ts (one build) cannot give. Prints figures, asserts nothing.
import {resolve} from 'node:path';
import {launch, openWatched, waitForFirstIdle} from '../e2e/browser';
import {BENCH_MOUNTS, serveStatic} from './static-server';

const [a, b] = [resolve(process.argv[2]!), resolve(process.argv[3]!)];
const runs = Number(process.argv[4] ?? 5);
const median = (xs: number[]) => {
  const s = [...xs].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const servers = {bare: await serveStatic(BENCH_MOUNTS), A: await serveStatic({...BENCH_MOUNTS, '/': a}), B: await serveStatic({...BENCH_MOUNTS, '/': b})};
const browser = await launch({gpuCompositing: true});
const times: Record<keyof typeof servers, number[]> = {bare: [], A: [], B: []};
try {
  for (let i = 0; i < runs; i++) {
    for (const name of (i % 2 ? ['B', 'A', 'bare'] : ['bare', 'A', 'B']) as (keyof typeof servers)[]) {
      const w = await openWatched(browser);
      await w.page.goto(servers[name].url + (name === 'bare' ? '/bare/' : '/'));
      times[name].push(await waitForFirstIdle(w.page));
      await w.context.close();
    }
  }
} finally {
  await browser.close();
  for (const s of Object.values(servers)) await s.close();
}
for (const name of ['bare', 'A', 'B'] as const) {
  const m = median(times[name]);
  console.log(`${name.padEnd(4)} median ${m.toFixed(0)} ms (${(m / median(times.bare)).toFixed(2)} × bare)   runs ${times[name].map((t) => t.toFixed(0)).join(', ')}`);
}
console.log(`A = ${a}\nB = ${b}`);
