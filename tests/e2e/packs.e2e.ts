import {describe, expect, inject, it} from 'vitest';
import type {Page} from 'playwright-core';
import {writeMbtiles} from '../helpers/mbtiles-writer';
import {DATONG_PACK_BOUNDS, rasterPack, terrainPack, vectorPack, vectorTiles} from '../helpers/test-packs';
import {openWatched, waitForFirstIdle, waitForIdle} from './browser';
import {sharedBrowser} from './suite';

const baseUrl = inject('baseUrl');
// Zoom 16 over Qiaotou, inside the generated Datong pack (101.6–101.8°E, 36.9–37.0°N).
const QIAOTOU_Z16 = '?lang=en#16/36.945/101.69';

// Made in the test run from the project's geodata (tests/helpers/test-packs.ts), z10–15.
const PACK = Buffer.from(vectorPack(DATONG_PACK_BOUNDS, [10, 15]));
const packFile = (buffer: Buffer = PACK, name = 'datong.pmtiles') => ({name, mimeType: 'application/octet-stream', buffer});

const browser = sharedBrowser();

type Grid = {colours: number; pixels: number[]};

/** The map canvas shrunk to 160×100 RGB samples, and how many distinct (quantised) colours it has. */
async function sampleMap(page: Page): Promise<Grid> {
  await waitForIdle(page);
  return page.evaluate(() => {
    const src = (window as unknown as {qhMap: {getCanvas(): HTMLCanvasElement}}).qhMap.getCanvas();
    const c = document.createElement('canvas');
    c.width = 160;
    c.height = 100;
    const ctx = c.getContext('2d')!;
    ctx.drawImage(src, 0, 0, c.width, c.height);
    const data = ctx.getImageData(0, 0, c.width, c.height).data;
    const pixels: number[] = [];
    const seen = new Set<number>();
    for (let i = 0; i < data.length; i += 4) {
      pixels.push(data[i]!, data[i + 1]!, data[i + 2]!);
      seen.add(((data[i]! >> 4) << 8) | ((data[i + 1]! >> 4) << 4) | (data[i + 2]! >> 4));
    }
    return {colours: seen.size, pixels};
  });
}

const differingShare = (a: Grid, b: Grid): number => {
  let differ = 0;
  for (let i = 0; i < a.pixels.length; i += 3) {
    const d = Math.abs(a.pixels[i]! - b.pixels[i]!) + Math.abs(a.pixels[i + 1]! - b.pixels[i + 1]!) + Math.abs(a.pixels[i + 2]! - b.pixels[i + 2]!);
    if (d > 30) differ++;
  }
  return differ / (a.pixels.length / 3);
};

/** The pack files in the app's origin-private file system. */
const storedPackFiles = (page: Page) =>
  page.evaluate(async () => {
    const root = await navigator.storage.getDirectory();
    const names: string[] = [];
    try {
      const dir = (await root.getDirectoryHandle('basemap-packs')) as FileSystemDirectoryHandle & {keys(): AsyncIterable<string>};
      for await (const n of dir.keys()) if (n.endsWith('.pmtiles')) names.push(n);
    } catch {
      // no folder: nothing stored
    }
    return names;
  });

/** The pack's source layers drawn in the view (roads, buildings…). */
const packLayersDrawn = (page: Page) =>
  page.evaluate(() => {
    const map = (window as unknown as {qhMap: {queryRenderedFeatures(): {layer: {id: string}; sourceLayer?: string}[]}}).qhMap;
    return [...new Set(map.queryRenderedFeatures().filter((f) => f.layer.id.startsWith('pack:')).map((f) => f.sourceLayer))].sort();
  });

/** The heights of the contour lines drawn on screen (any terrain pack's), sorted. */
const contourHeights = (page: Page) =>
  page.evaluate(() => {
    const map = (window as unknown as {qhMap: {queryRenderedFeatures(): {layer: {id: string}; properties: {ele?: number}}[]}}).qhMap;
    const lines = map.queryRenderedFeatures().filter((f) => f.layer.id.endsWith(':contours:line'));
    return [...new Set(lines.map((f) => Number(f.properties.ele)))].sort((a, b) => a - b);
  });

const importInput = (page: Page) => page.getByLabel('Import basemap pack (.pmtiles)');

describe('offline basemap packs (Chromium)', () => {
  it('imports a vector pack, then shows its detail at z16 offline after a reload, asking no other host', async () => {
    const w = await openWatched(browser);
    const {page} = w;
    await page.goto(baseUrl + QIAOTOU_Z16);
    await waitForFirstIdle(page);
    const bare = await sampleMap(page);
    await expect.poll(() => page.locator('[data-offline-ready]').count(), {timeout: 30_000}).toBe(1);

    await importInput(page).setInputFiles(packFile());
    await expect.poll(() => page.getByRole('status').filter({hasText: 'Basemap pack stored'}).count(), {timeout: 30_000}).toBe(1);
    const row = page.locator('.pack-row');
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toMatch(/Vector map.*Zoom 10–15/);
    expect(await page.getByTestId('pack-space').textContent()).toMatch(/This app uses/);
    expect(await storedPackFiles(page)).toHaveLength(1);

    await w.context.setOffline(true);
    await page.reload();
    await waitForFirstIdle(page);
    await expect.poll(() => page.locator('.pack-row').count()).toBe(1);
    await page.waitForFunction(() =>
      Object.keys((window as unknown as {qhMap: {getStyle(): {sources: object}}}).qhMap.getStyle().sources).some((id) => id.startsWith('pack:')));
    await expect.poll(async () => (await sampleMap(page), packLayersDrawn(page)), {timeout: 30_000}).toEqual(expect.arrayContaining(['buildings', 'roads', 'water']));
    const withPack = await sampleMap(page);

    // Streets, buildings and landuse from the pack, where the shipped basemap is one flat colour.
    console.log(`z16 colours: bare ${bare.colours}, with pack ${withPack.colours}; ${(differingShare(bare, withPack) * 100).toFixed(1)} % of pixels changed`);
    expect(withPack.colours).toBeGreaterThan(bare.colours + 3);
    expect(differingShare(bare, withPack)).toBeGreaterThan(0.2);
    // Past the pack's z15, up to z18 (vector tiles keep full precision when overzoomed): still detail.
    const jump = (zoom: number) => page.evaluate((z) => (window as unknown as {qhMap: {jumpTo(o: object): void}}).qhMap.jumpTo({zoom: z}), zoom);
    await jump(18);
    await expect.poll(async () => (await sampleMap(page), packLayersDrawn(page)), {timeout: 30_000}).toEqual(expect.arrayContaining(['buildings']));
    const z18 = await sampleMap(page);
    console.log(`z18 colours: ${z18.colours}; ${(differingShare(bare, z18) * 100).toFixed(1)} % of pixels differ from the bare z16 view`);
    expect(differingShare(bare, z18)).toBeGreaterThan(0.1);
    // Not one flat colour: the pack's ground and its buildings.
    expect(z18.colours).toBeGreaterThanOrEqual(2);
    await jump(16);
    // OpenStreetMap's ODbL credit is on the map while the pack is in use.
    expect(await page.locator('.maplibregl-ctrl-attrib').textContent()).toContain('OpenStreetMap contributors (ODbL)');
    const offHost = w.requests.filter((u) => !u.startsWith('http://127.0.0.1:') && !u.startsWith('data:') && !u.startsWith('blob:'));
    expect(offHost).toEqual([]);
    expect(w.errors.filter((e) => !/ERR_INTERNET_DISCONNECTED/.test(e))).toEqual([]);

    // The outside-coverage notice: none while drawing inside the pack, shown once the view leaves it.
    await page.getByRole('tab', {name: 'Plots'}).click();
    await page.getByRole('button', {name: 'New plot'}).click();
    await page.mouse.move(5, 5);
    expect(await page.getByTestId('coverage-notice').count()).toBe(0);
    await page.evaluate(() => (window as unknown as {qhMap: {jumpTo(o: object): void}}).qhMap.jumpTo({center: [101.9, 36.95]}));
    await expect.poll(() => page.getByTestId('coverage-notice').textContent()).toBe('No detailed basemap here — the plot is placed by its coordinates only');

    // Deleting removes the file from the device.
    await page.getByRole('tab', {name: 'Layers'}).click();
    await page.getByRole('button', {name: /^Delete: /}).click();
    await expect.poll(() => page.locator('.pack-row').count()).toBe(0);
    expect(await storedPackFiles(page)).toEqual([]);
    await w.context.close();
  });

  it('imports an MBTiles vector pack (read by sql.js) and draws its detail at z16', async () => {
    const w = await openWatched(browser);
    const {page} = w;
    await page.goto(baseUrl + QIAOTOU_Z16);
    await waitForFirstIdle(page);
    const {tiles, layers} = vectorTiles(DATONG_PACK_BOUNDS, [10, 15]);
    const mb = await writeMbtiles(tiles, {name: 'Datong MBTiles (synthetic)', format: 'pbf', json: JSON.stringify({vector_layers: layers.map((id) => ({id}))})}, {gzip: true});
    await importInput(page).setInputFiles(packFile(Buffer.from(mb), 'datong.mbtiles'));
    await expect.poll(() => page.getByRole('status').filter({hasText: 'Basemap pack stored: Datong MBTiles'}).count(), {timeout: 30_000}).toBe(1);
    expect(await page.locator('.pack-row').textContent()).toMatch(/Vector map.*Zoom 10–15/);
    await expect.poll(async () => (await sampleMap(page), packLayersDrawn(page)), {timeout: 30_000}).toEqual(expect.arrayContaining(['buildings', 'roads', 'water']));
    expect(w.errors).toEqual([]);
    await w.context.close();
  });

  it('draws an imagery pack and a terrarium DEM as hillshade, and its contours when asked', async () => {
    const w = await openWatched(browser);
    const {page} = w;
    await page.goto(baseUrl + '?lang=en#12/36.95/101.7');
    await waitForFirstIdle(page);
    const bare = await sampleMap(page);
    await importInput(page).setInputFiles(packFile(Buffer.from(terrainPack()), 'dem.pmtiles'));
    await expect.poll(() => page.locator('.pack-row[data-pack-kind="terrain"]').count(), {timeout: 30_000}).toBe(1);
    const shaded = await sampleMap(page);
    await importInput(page).setInputFiles(packFile(Buffer.from(rasterPack()), 'imagery.pmtiles'));
    await expect.poll(() => page.locator('.pack-row[data-pack-kind="raster"]').count(), {timeout: 30_000}).toBe(1);
    const imagery = await sampleMap(page);
    console.log(`z12: hillshade changed ${(differingShare(bare, shaded) * 100).toFixed(1)} %, imagery ${(differingShare(shaded, imagery) * 100).toFixed(1)} % of pixels`);
    expect(differingShare(bare, shaded)).toBeGreaterThan(0.1);
    expect(differingShare(shaded, imagery)).toBeGreaterThan(0.2);
    // Switching the imagery off brings the hillshade view back.
    await page.locator('.pack-row[data-pack-kind="raster"]').getByLabel('Show').uncheck();
    expect(differingShare(shaded, await sampleMap(page))).toBeLessThan(0.05);
    // Contours are off until asked for; then lines made from the DEM are drawn, at its heights.
    expect(await contourHeights(page)).toEqual([]);
    await page.locator('.pack-row[data-pack-kind="terrain"]').getByLabel('Contours').check();
    await expect.poll(async () => (await sampleMap(page), (await contourHeights(page)).length), {timeout: 30_000}).toBeGreaterThan(1);
    const heights = await contourHeights(page);
    console.log(`z12 contours: ${heights.join(', ')} m`);
    // The synthetic DEM spans 2 450–2 950 m; at z12 the lines are every 100 m.
    for (const h of heights) {
      expect(h).toBeGreaterThanOrEqual(2450);
      expect(h).toBeLessThanOrEqual(2950);
      expect(h % 100).toBe(0);
    }
    expect(w.errors).toEqual([]);
    await w.context.close();
  });

  it('refuses a truncated pack and a damaged one, each with its reason, and stores nothing', async () => {
    const w = await openWatched(browser);
    const {page} = w;
    await page.goto(baseUrl + '?lang=en');
    await waitForFirstIdle(page);
    await importInput(page).setInputFiles(packFile(PACK.subarray(0, Math.floor(PACK.length / 2)), 'datong-cut.pmtiles'));
    const alert = page.getByRole('alert').filter({hasText: 'datong-cut.pmtiles not imported'});
    await expect.poll(() => alert.count()).toBe(1);
    expect(await alert.textContent()).toMatch(/incomplete.*Nothing was left on this device/);
    expect(await page.locator('.pack-row').count()).toBe(0);
    expect(await storedPackFiles(page)).toEqual([]);
    await alert.getByRole('button', {name: 'Dismiss'}).click();

    // Whole length, damaged inside: the metadata block overwritten (as a bad copy to an SD card may do).
    const damaged = Buffer.from(PACK);
    const metaOffset = Number(damaged.readBigUInt64LE(24));
    damaged.fill(0x55, metaOffset + 12, metaOffset + 20);
    await importInput(page).setInputFiles(packFile(damaged, 'datong-damaged.pmtiles'));
    const refused = page.getByRole('alert').filter({hasText: 'datong-damaged.pmtiles not imported'});
    await expect.poll(() => refused.count()).toBe(1);
    expect(await refused.textContent()).toMatch(/metadata is damaged.*Nothing was left on this device/);
    expect(await page.locator('.pack-row').count()).toBe(0);
    expect(await storedPackFiles(page)).toEqual([]);
    await w.context.close();
  });

  it('reports a disk that fills up while the pack is written, and leaves no partial file', async () => {
    const w = await openWatched(browser);
    const {page} = w;
    // The first chunk is written for real, then the device reports its quota exceeded.
    await page.addInitScript(() => {
      const original = FileSystemFileHandle.prototype.createWritable;
      FileSystemFileHandle.prototype.createWritable = async function (this: FileSystemFileHandle, ...args: Parameters<typeof original>) {
        const real = await original.apply(this, args);
        if (!this.name.endsWith('.pmtiles')) return real;
        return new WritableStream({
          async write(chunk) {
            await real.write(chunk);
            // As the browser's own stream does on a full disk: the swap file is dropped, the write fails.
            await real.abort();
            throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
          },
          close: () => real.close(),
          abort: (reason) => real.abort(reason),
        }) as unknown as FileSystemWritableFileStream;
      };
    });
    await page.goto(baseUrl + '?lang=en');
    await waitForFirstIdle(page);
    await importInput(page).setInputFiles(packFile());
    const alert = page.getByRole('alert').filter({hasText: 'datong.pmtiles not stored'});
    await expect.poll(() => alert.count(), {timeout: 30_000}).toBe(1);
    expect(await alert.textContent()).toMatch(/out of storage space/);
    expect(await page.locator('.pack-row').count()).toBe(0);
    expect(await storedPackFiles(page)).toEqual([]);
    await page.reload();
    await waitForFirstIdle(page);
    expect(await page.locator('.pack-row').count()).toBe(0);
    await w.context.close();
  });
});
