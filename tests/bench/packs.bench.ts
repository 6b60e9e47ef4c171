import {mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync, closeSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {PMTILES_RESERVED_BYTES, pmtilesFinish, pmtilesTileId} from '../../src/geo/packs/pmtiles-build';
import type {PmtilesEntry} from '../../src/geo/packs/pmtiles-build';
import {openOrtho} from '../../src/geo/ortho/ortho-convert';
import {tileRange} from '../../src/geo/ortho/ortho-tiles';
import {encodePng} from '../helpers/png';
import {gdalStyleCog} from '../helpers/cog-writer';
import {EPSG_4522, orthoTiff} from '../helpers/test-orthos';
import proj4 from 'proj4';
import type {Browser} from 'playwright-core';
import {launch, openWatched, waitForFirstIdle} from '../e2e/browser';
import {BENCH_MOUNTS, serveStatic} from './static-server';
import {fmt, median} from './stats';

/*
 * Issue 15's figures: first render at z16 from a ≈200 MB raster pack, the JS heap while panning
 * across it, and how fast an orthophoto is cut into tiles. Prints only; asserts nothing.
 * The pack is generated here (noise PNG tiles, which do not compress: ≈197 KB each), never downloaded.
 */

const QIAOTOU: [number, number] = [101.69, 36.95];
const MB = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

/** A raster PMTiles file of noise tiles at z16 (plus z12–15 above them) round Qiaotou, written to `path`; its size. */
function writeNoisePack(path: string, targetBytes: number): number {
  // xorshift32 (Marsaglia 2003): noise that PNG's deflate cannot shrink.
  let seed = 2_463_534_242;
  const noise = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return seed & 0xff;
  };
  const tiles: [number, number, number][] = [];
  const side = Math.ceil(Math.sqrt(targetBytes / 197_000));
  const c = tileRange([QIAOTOU[0], QIAOTOU[1], QIAOTOU[0], QIAOTOU[1]], 16);
  for (let dx = 0; dx < side; dx++) for (let dy = 0; dy < side; dy++) tiles.push([16, c.x0 - (side >> 1) + dx, c.y0 - (side >> 1) + dy]);
  for (let z = 15; z >= 12; z--) {
    const parents = new Set(tiles.filter((t) => t[0] === z + 1).map((t) => `${t[1] >> 1}/${t[2] >> 1}`));
    for (const p of parents) tiles.push([z, Number(p.split('/')[0]), Number(p.split('/')[1])]);
  }
  const fd = openSync(path, 'w');
  const entries: PmtilesEntry[] = [];
  let length = 0;
  for (const [z, x, y] of tiles) {
    const tint = (z * 40) % 255;
    const png = encodePng(256, 256, () => [noise(), noise(), (noise() + tint) & 0xff]);
    writeSync(fd, png, 0, png.length, PMTILES_RESERVED_BYTES + length);
    entries.push({tileId: pmtilesTileId(z, x, y), offset: length, length: png.length});
    length += png.length;
  }
  const n = 2 ** 16;
  const lon = (x: number) => (x / n) * 360 - 180;
  const lat = (y: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / n))) * 180) / Math.PI;
  const z16 = tiles.filter((t) => t[0] === 16);
  const xs = z16.map((t) => t[1]), ys = z16.map((t) => t[2]);
  const bounds = [lon(Math.min(...xs)), lat(Math.max(...ys) + 1), lon(Math.max(...xs) + 1), lat(Math.min(...ys))] as const;
  const {head, tail} = pmtilesFinish(entries, length, {tileType: 2, minZoom: 12, maxZoom: 16, bounds: [...bounds], metadata: {name: 'bench noise pack'}});
  writeSync(fd, tail, 0, tail.length, PMTILES_RESERVED_BYTES + length);
  writeSync(fd, head, 0, head.length, 0);
  closeSync(fd);
  return statSync(path).size;
}

/** Cutting a 2 m Gauss-Krüger ortho into tiles in node (resampling only; the browser also encodes WebP). */
async function benchOrthoCut(): Promise<void> {
  const t = orthoTiff({epsg: 4522, centre: QIAOTOU, size: 1000, pixelMeters: 2});
  const opened = await openOrtho(new Blob([t.bytes as BlobPart]));
  if (!opened.ok) throw new Error(JSON.stringify(opened.problem));
  const start = performance.now();
  let n = 0;
  for await (const tile of opened.source.tiles()) if (tile) n++;
  const ms = performance.now() - start;
  console.log(`ortho cut        ${n} tiles (z${opened.source.plan.minZoom}–${opened.source.plan.maxZoom}) from a 1000² px EPSG:4522 TIFF in ${fmt(ms)}: ${fmt(ms / n)} a tile`);
  console.log(`                 a 10 × 10 km ortho at 0.5 m (≈ 9 000 tiles at z12–18) ≈ ${fmt((ms / n) * 9000)} at this rate, single strip uncompressed`);
}

type ProcessMemory = {tabRss: number; tabPss: number; renderers: number; renderersPss: number; gpuRss: number};

/** Kilobytes of a smaps_rollup field (Rss, Pss), as bytes; 0 when the process is gone. */
function smaps(pid: number, field: 'Rss' | 'Pss'): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * The tab's memory as the system sees it, not only the JS heap: Chromium's processes by type
 * (CDP SystemInfo.getProcessInfo), read from /proc. The tab is the largest renderer (Chromium also
 * keeps a spare renderer and small utility ones, summed in `renderers`); with SwiftShader the
 * GL work and its textures live in the GPU process, given apart.
 */
async function processMemory(browser: Browser): Promise<ProcessMemory> {
  const cdp = await browser.newBrowserCDPSession();
  const {processInfo} = (await cdp.send('SystemInfo.getProcessInfo')) as {processInfo: {type: string; id: number}[]};
  await cdp.detach();
  const renderers = processInfo.filter((p) => p.type === 'renderer').map((p) => ({rss: smaps(p.id, 'Rss'), pss: smaps(p.id, 'Pss')}));
  const tab = renderers.reduce((a, b) => (b.rss > a.rss ? b : a), {rss: 0, pss: 0});
  const gpu = processInfo.filter((p) => p.type === 'GPU').reduce((n, p) => n + smaps(p.id, 'Rss'), 0);
  return {tabRss: tab.rss, tabPss: tab.pss, renderers: renderers.reduce((n, r) => n + r.rss, 0), renderersPss: renderers.reduce((n, r) => n + r.pss, 0), gpuRss: gpu};
}

/**
 * A 10.24 × 10.24 km ortho at 0.5 m in EPSG:4522 (20 480² px: ≈ 9 400 tiles at z12–18), laid out
 * as GDAL's JPEG COG (YCbCr tiles, no overviews: the app does not read them). Its 1 600 JPEG tiles
 * are 8 textured blocks encoded once and each written in its place (cog-writer's tileKey), so the
 * file has a real one's size (≈ 160 MB) and the app decodes every block it reads; only the picture
 * repeats, which a real ortho does not.
 */
function writeBigOrtho(path: string): number {
  const [cx, cy] = proj4('WGS84', EPSG_4522, [...QIAOTOU]);
  const size = 20_480;
  // Texture that WebP cannot flatten: a hash per 2×2 pixels over a gentle gradient.
  const hash = (x: number, y: number) => {
    let h = (Math.imul(x >> 1, 374_761_393) + Math.imul(y >> 1, 668_265_263)) | 0;
    h = Math.imul(h ^ (h >>> 13), 1_274_126_177);
    return (h ^ (h >>> 16)) & 63;
  };
  const bytes = gdalStyleCog({
    width: size, height: size, tileSize: 512,
    pixel: (col, row) => [90 + hash(col, row) + ((col >> 6) & 31), 110 + hash(row, col), 70 + ((row >> 6) & 63)],
    tileKey: (col, row) => String((col * 7 + row * 3) % 8),
    geo: {epsg: 4522, west: cx! - size / 4, north: cy! + size / 4, pixelSize: 0.5},
  });
  writeFileSync(path, bytes);
  return bytes.length;
}

/** The whole browser cut: file chosen → pack listed, with the tab's memory sampled while it runs. */
async function benchBrowserOrthoCut(browser: Browser, url: string, dir: string): Promise<void> {
  const path = join(dir, 'qiaotou-10km.tif');
  const fileBytes = writeBigOrtho(path);
  const w = await openWatched(browser);
  const {page} = w;
  await page.goto(url + '/?lang=en#12/36.95/101.69');
  await waitForFirstIdle(page);
  const before = await processMemory(browser);
  let peak = before;
  const sampler = setInterval(() => {
    void processMemory(browser).then((m) => {
      if (m.tabRss > peak.tabRss) peak = {...m};
    }, () => undefined);
  }, 5000);
  const t0 = Date.now();
  await page.getByLabel('Import orthophoto (GeoTIFF)').setInputFiles(path);
  const stored = page.getByRole('status').filter({hasText: 'Orthophoto stored'});
  await stored.waitFor({timeout: 3_600_000});
  await page.locator('.pack-row[data-ortho="true"]').waitFor();
  const ms = Date.now() - t0;
  clearInterval(sampler);
  const text = (await stored.textContent()) ?? '';
  const tiles = Number(/\((\d+) tiles\)/.exec(text)?.[1] ?? NaN);
  const row = (await page.locator('.pack-row[data-ortho="true"]').textContent()) ?? '';
  console.log(`ortho browser    ${MB(fileBytes)} COG (20 480² px, 0.5 m, EPSG:4522, YCbCr JPEG) → ${tiles} WebP tiles: file chosen → pack listed in ${fmt(ms)} (${fmt(ms / tiles)} a tile)`);
  console.log(`                 row: ${row.replace(/\s+/g, ' ').slice(0, 160)}`);
  console.log(`tab while cutting renderer RSS ${MB(before.tabRss)} before, ${MB(peak.tabRss)} at most (sampled every 5 s); GPU process ${MB(peak.gpuRss)}`);
  await w.context.close();
}

export async function benchPacks(runs = 3): Promise<void> {
  console.log('\n== basemap packs (issue 15)');
  await benchOrthoCut();
  const dir = mkdtempSync(join(tmpdir(), 'qh-pack-bench-'));
  const path = join(dir, 'noise.pmtiles');
  const size = writeNoisePack(path, 200 * 1024 * 1024);
  const server = await serveStatic(BENCH_MOUNTS);
  const browser = await launch({gpuCompositing: true});
  try {
    const w = await openWatched(browser);
    const {page} = w;
    await page.goto(server.url + '/?lang=en#12/36.95/101.69');
    await waitForFirstIdle(page);
    const t0 = Date.now();
    await page.getByLabel('Import basemap pack (.pmtiles)').setInputFiles(path);
    await page.getByRole('status').filter({hasText: 'Basemap pack stored'}).waitFor({timeout: 600_000});
    console.log(`import           ${MB(size)} pack checked and copied into OPFS in ${fmt(Date.now() - t0)}`);
    const firsts: number[] = [];
    for (let i = 0; i < runs; i++) {
      await page.goto('about:blank');
      await page.goto(server.url + '/?lang=en#16/36.95/101.69');
      firsts.push(await waitForFirstIdle(page));
    }
    console.log(`first render z16 ${fmt(median(firsts))} median of ${runs} (navigation to first idle, pack read by range from OPFS)`);
    const heap = () => page.evaluate(() => (performance as unknown as {memory?: {usedJSHeapSize: number}}).memory?.usedJSHeapSize ?? NaN);
    const heaps: number[] = [await heap()];
    const memory: ProcessMemory[] = [await processMemory(browser)];
    // The production build has no test hook: real mouse drags, then a second for the tiles to come in.
    const box = (await page.locator('.maplibregl-canvas').boundingBox())!;
    const cx = box.x + box.width / 2, cy = box.y + box.height / 2;
    for (let i = 0; i < 24; i++) {
      const dx = i % 8 < 4 ? 500 : -500, dy = i % 16 < 8 ? 250 : -250;
      await page.mouse.move(cx, cy);
      await page.mouse.down();
      for (let k = 1; k <= 10; k++) await page.mouse.move(cx + (dx * k) / 10, cy + (dy * k) / 10);
      await page.mouse.up();
      await page.waitForTimeout(1000);
      heaps.push(await heap());
      memory.push(await processMemory(browser));
    }
    const most = (pick: (m: ProcessMemory) => number) => MB(Math.max(...memory.map(pick)));
    console.log('panning z16      24 drags of 500×250 px, 1 s apart');
    console.log(`JS heap          ${MB(heaps[0]!)} before, ${MB(Math.max(...heaps))} at most, ${MB(heaps.at(-1)!)} after panning (the ${MB(size)} pack is never held)`);
    console.log(`tab renderer RSS ${MB(memory[0]!.tabRss)} before, ${most((m) => m.tabRss)} at most, ${MB(memory.at(-1)!.tabRss)} after (PSS ${MB(memory[0]!.tabPss)} → ${most((m) => m.tabPss)} at most)`);
    console.log(`all renderers    RSS ${MB(memory[0]!.renderers)} → ${most((m) => m.renderers)} at most; GPU process (SwiftShader) RSS ${MB(memory[0]!.gpuRss)} → ${most((m) => m.gpuRss)} at most`);
    await w.context.close();
    if (process.env.BENCH_ORTHO_CUT !== '0') await benchBrowserOrthoCut(browser, server.url, dir);
  } finally {
    await browser.close();
    await server.close();
    rmSync(dir, {recursive: true, force: true});
  }
}
