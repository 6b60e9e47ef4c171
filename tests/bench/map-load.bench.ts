import {gzipSync} from 'node:zlib';
import {readFileSync, readdirSync, statSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {launch, openWatched, waitForFirstIdle} from '../e2e/browser';
import {BENCH_MOUNTS, serveStatic} from './static-server';
import {longestTaskSince, watchLongTasks} from './browser.bench';

const root = fileURLToPath(new URL('../..', import.meta.url));
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const kB = (n: number) => `${(n / 1024).toFixed(1)} kB`;

/** Sizes of what the browser must fetch before the map can draw, and of geodata/. */
export function reportSizes(): void {
  const assets = join(root, 'dist/assets');
  const files = readdirSync(assets);
  const gz = (f: string) => gzipSync(readFileSync(join(assets, f))).length;
  // Initial JS: what index.html loads before anything else (its entry and modulepreloads);
  // lazily loaded chunks and workers are listed apart.
  const html = readFileSync(join(root, 'dist/index.html'), 'utf8');
  const js = [...html.matchAll(/(?:src|href)="\/assets\/([^"]+\.js)"/g)].map((m) => m[1]!);
  const lazy = files.filter((f) => f.endsWith('.js') && !js.includes(f));
  const worker = files.filter((f) => f.startsWith('maplibre-gl-worker'));
  const fonts = files.filter((f) => f.endsWith('.woff2'));
  const geo = readdirSync(join(root, 'geodata')).filter((f) => f.endsWith('.geojson'));
  const geoBytes = geo.reduce((s, f) => s + statSync(join(root, 'geodata', f)).size, 0);
  const geoGz = geo.reduce((s, f) => s + gzipSync(readFileSync(join(root, 'geodata', f))).length, 0);
  console.log('\n== sizes (gzip)');
  console.log(`initial JS      ${kB(js.reduce((s, f) => s + gz(f), 0))}  (${js.join(', ')})`);
  console.log(`map worker      ${kB(worker.reduce((s, f) => s + gz(f), 0))}`);
  console.log(`lazy chunks     ${kB(lazy.reduce((s, f) => s + gz(f), 0))}  (${lazy.join(', ')})`);
  console.log(`fonts (woff2)   ${kB(fonts.reduce((s, f) => s + statSync(join(assets, f)).size, 0))} (already compressed)`);
  console.log(`geodata/        ${kB(geoBytes)} raw, ${kB(geoGz)} gzip, ${geo.length} files`);
}

/** Time from navigation to the first map `idle`: the app against a bare MapLibre page, interleaved. */
export async function benchMapLoad(runs = 3): Promise<void> {
  const server = await serveStatic(BENCH_MOUNTS);
  const browser = await launch({gpuCompositing: true});
  const times: Record<'app' | 'bare', number[]> = {app: [], bare: []};
  const longest: Record<'app' | 'bare', number[]> = {app: [], bare: []};
  try {
    for (let i = 0; i < runs; i++) {
      for (const [name, path] of [['bare', '/bare/'], ['app', '/']] as const) {
        const w = await openWatched(browser);
        await w.context.addInitScript({content: 'window.__name = (f) => f;'});
        await w.context.addInitScript(watchLongTasks);
        await w.page.goto(server.url + path);
        times[name].push(await waitForFirstIdle(w.page));
        longest[name].push(await longestTaskSince(w.page, 0));
        await w.context.close();
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  console.log(`\n== navigation → first map idle, headless Chromium + SwiftShader (GPU compositing), median of ${runs}`);
  for (const name of ['bare', 'app'] as const) {
    console.log(`${name.padEnd(5)} median ${median(times[name]).toFixed(0)} ms   runs ${times[name].map((t) => t.toFixed(0)).join(', ')} ms; longest main-thread task to idle, median ${median(longest[name]).toFixed(0)} ms`);
  }
  console.log(`app − bare: ${(median(times.app) - median(times.bare)).toFixed(0)} ms`);
}
