import {describe, expect, inject, it} from 'vitest';
import type {Page, Worker} from 'playwright-core';
import proj4 from 'proj4';
import {gdalStyleCog} from '../helpers/cog-writer';
import {EPSG_4522, QUADRANTS, handTiff, offsetMeters, orthoCogYcbcr, orthoTiff} from '../helpers/test-orthos';
import type {Rgb} from '../helpers/test-orthos';
import {openWatched, waitForFirstIdle, waitForIdle} from './browser';
import {sharedBrowser} from './suite';

const baseUrl = inject('baseUrl');
const browser = sharedBrowser();

const QIAOTOU: [number, number] = [101.69, 36.95];
const EAST: [number, number] = [101.74, 36.93];
// Made in the test run (tests/helpers/test-orthos.ts): 2 km squares of 2 m pixels, four coloured quadrants meeting at the centre.
const GK = orthoTiff({epsg: 4522, centre: QIAOTOU, size: 1000, pixelMeters: 2});
const MERC = orthoTiff({epsg: 3857, centre: EAST, size: 800, pixelMeters: 2});
// As GDAL writes a JPEG COG: YCbCr 4:2:0 tiles, JPEGTables, overviews, and a 16-pixel black collar masked out.
const YCBCR = orthoCogYcbcr({epsg: 4522, centre: QIAOTOU, size: 300, pixelMeters: 2, maskedPixels: 16});
const tif = (bytes: Uint8Array, name: string) => ({name, mimeType: 'image/tiff', buffer: Buffer.from(bytes)});

const importInput = (page: Page) => page.getByLabel('Import orthophoto (GeoTIFF)');

/** The map's colour where lon/lat is drawn (MapLibre's own projection finds the pixel). */
async function colourAt(page: Page, lonLat: readonly [number, number]): Promise<number[]> {
  await waitForIdle(page);
  return page.evaluate((ll) => {
    const map = (window as unknown as {qhMap: {getCanvas(): HTMLCanvasElement; project(p: [number, number]): {x: number; y: number}}}).qhMap;
    const src = map.getCanvas();
    const {x, y} = map.project(ll);
    const scale = src.width / src.clientWidth;
    const c = document.createElement('canvas');
    c.width = src.width;
    c.height = src.height;
    const ctx = c.getContext('2d')!;
    ctx.drawImage(src, 0, 0);
    return [...ctx.getImageData(Math.round(x * scale), Math.round(y * scale), 1, 1).data].slice(0, 3);
  }, [lonLat[0], lonLat[1]] as [number, number]);
}

const closeTo = (rgb: readonly number[], want: readonly number[]) => rgb.every((v, i) => Math.abs(v - want[i]!) <= 24);

/** Each quadrant's colour 40 m from where they meet (20 screen pixels at z16). */
async function quadrantsMatch(page: Page, centre: readonly [number, number]): Promise<boolean> {
  const checks: [number, number, Rgb][] = [[-40, 40, QUADRANTS.nw], [40, 40, QUADRANTS.ne], [-40, -40, QUADRANTS.sw], [40, -40, QUADRANTS.se]];
  for (const [e, n, want] of checks) if (!closeTo(await colourAt(page, offsetMeters(centre, e, n)), want)) return false;
  return true;
}

const storedPackFiles = (page: Page) =>
  page.evaluate(async () => {
    const names: string[] = [];
    try {
      const dir = (await (await navigator.storage.getDirectory()).getDirectoryHandle('basemap-packs')) as FileSystemDirectoryHandle & {keys(): AsyncIterable<string>};
      for await (const n of dir.keys()) if (n.endsWith('.pmtiles')) names.push(n);
    } catch {
      // no folder: nothing stored
    }
    return names;
  });

/** Every file in the packs folder, listed or not (a partial pack or a swap file counts). */
const packFolderEntries = (page: Page) =>
  page.evaluate(async () => {
    const names: string[] = [];
    try {
      const dir = (await (await navigator.storage.getDirectory()).getDirectoryHandle('basemap-packs')) as FileSystemDirectoryHandle & {keys(): AsyncIterable<string>};
      for await (const n of dir.keys()) if (n !== 'index.json') names.push(n);
    } catch {
      // no folder: nothing stored
    }
    return names;
  });

/**
 * An 8 × 8 km ortho at 0.5 m (16 384² px, ≈ 3 700 tiles to cut): its 1 024 JPEG tiles are three
 * flat-coloured blocks encoded once (cog-writer's tileKey), a few MB. Far too much to finish in a test.
 */
function bigCog(): Uint8Array {
  const [cx, cy] = proj4('WGS84', EPSG_4522, [...EAST]);
  return gdalStyleCog({
    width: 16_384, height: 16_384, tileSize: 512,
    pixel: (col, row) => (((col >> 5) + (row >> 5)) % 2 ? QUADRANTS.ne : QUADRANTS.sw),
    tileKey: (col, row) => String((col + row) % 3),
    geo: {epsg: 4522, west: cx! - 4096, north: cy! + 4096, pixelSize: 0.5},
  });
}

const jumpTo = (page: Page, centre: readonly [number, number], zoom: number) =>
  page.evaluate(([lon, lat, z]) => (window as unknown as {qhMap: {jumpTo(o: object): void}}).qhMap.jumpTo({center: [lon, lat], zoom: z}), [centre[0], centre[1], zoom] as const);

describe('orthophotos (Chromium)', () => {
  it('imports a Gauss-Krüger and a Web-Mercator GeoTIFF, draws each where it belongs, with its opacity, offline after a reload', async () => {
    const w = await openWatched(browser);
    const {page} = w;
    await page.goto(baseUrl + '?lang=en#16/36.95/101.69');
    await waitForFirstIdle(page);
    await expect.poll(() => page.locator('[data-offline-ready]').count(), {timeout: 30_000}).toBe(1);
    // The app's own layers draw over imagery; the subsidence zones' tint would change the colours checked.
    await page.getByRole('checkbox', {name: 'Datong subsidence zones'}).uncheck();
    expect(await quadrantsMatch(page, QIAOTOU)).toBe(false);

    await importInput(page).setInputFiles(tif(GK.bytes, 'qiaotou-ortho-4522.tif'));
    await expect.poll(() => page.getByRole('status').filter({hasText: 'Orthophoto stored: qiaotou-ortho-4522'}).count(), {timeout: 60_000}).toBe(1);
    const row = page.locator('.pack-row[data-ortho="true"]');
    expect(await row.textContent()).toMatch(/Orthophoto.*Zoom 10–16.*From CGCS2000 \/ 3-degree Gauss-Kruger zone 34 \(EPSG:4522\), about 2 m pixels/);
    await expect.poll(() => quadrantsMatch(page, QIAOTOU), {timeout: 30_000}).toBe(true);

    // Its own opacity: at 0 the map beneath shows through.
    await row.getByLabel('Opacity').fill('0');
    await expect.poll(async () => closeTo(await colourAt(page, offsetMeters(QIAOTOU, 40, 40)), QUADRANTS.ne)).toBe(false);
    await row.getByLabel('Opacity').fill('100');
    await expect.poll(() => quadrantsMatch(page, QIAOTOU)).toBe(true);

    await importInput(page).setInputFiles(tif(MERC.bytes, 'east-ortho-3857.tif'));
    await expect.poll(() => page.getByRole('status').filter({hasText: 'Orthophoto stored: east-ortho-3857'}).count(), {timeout: 60_000}).toBe(1);
    expect(await page.locator('.pack-row[data-ortho="true"]').count()).toBe(2);
    expect(await storedPackFiles(page)).toHaveLength(2);

    await w.context.setOffline(true);
    await page.reload();
    await waitForFirstIdle(page);
    await expect.poll(() => page.locator('.pack-row[data-ortho="true"]').count()).toBe(2);
    await expect.poll(() => quadrantsMatch(page, QIAOTOU), {timeout: 30_000}).toBe(true);
    await jumpTo(page, EAST, 16);
    await expect.poll(() => quadrantsMatch(page, EAST), {timeout: 30_000}).toBe(true);

    const offHost = w.requests.filter((u) => !u.startsWith('http://127.0.0.1:') && !u.startsWith('data:') && !u.startsWith('blob:'));
    expect(offHost).toEqual([]);
    expect(w.errors.filter((e) => !/ERR_INTERNET_DISCONNECTED/.test(e))).toEqual([]);

    // Deleting removes the pack file.
    await page.getByRole('button', {name: 'Delete: east-ortho-3857'}).click();
    await expect.poll(() => page.locator('.pack-row[data-ortho="true"]').count()).toBe(1);
    expect(await storedPackFiles(page)).toHaveLength(1);
    await w.context.close();
  });

  it('refuses a file that is not a GeoTIFF, and one with no georeferencing, with the reason and nothing stored', async () => {
    const w = await openWatched(browser);
    const {page} = w;
    await page.goto(baseUrl + '?lang=en');
    await waitForFirstIdle(page);
    const corrupt = Buffer.from(GK.bytes.subarray(0, 2000));
    corrupt.write('JFIF', 0);
    await importInput(page).setInputFiles({name: 'broken.tif', mimeType: 'image/tiff', buffer: corrupt});
    const alert = page.getByRole('alert').filter({hasText: 'broken.tif not imported'});
    await expect.poll(() => alert.count(), {timeout: 30_000}).toBe(1);
    expect(await alert.textContent()).toMatch(/Not a GeoTIFF file.*Nothing was left on this device/);
    expect(await page.locator('.pack-row').count()).toBe(0);
    expect(await storedPackFiles(page)).toEqual([]);
    await alert.getByRole('button', {name: 'Dismiss'}).click();

    await importInput(page).setInputFiles(tif(handTiff({width: 64, height: 64, rowsPerStrip: 64}), 'scan.tif'));
    const plain = page.getByRole('alert').filter({hasText: 'scan.tif not imported'});
    await expect.poll(() => plain.count(), {timeout: 30_000}).toBe(1);
    expect(await plain.textContent()).toMatch(/no georeferencing/);
    expect(await storedPackFiles(page)).toEqual([]);
    expect(w.errors).toEqual([]);
    await w.context.close();
  });

  it('cancels a conversion under way (worker ended, nothing stored), then draws a GDAL-style YCbCr JPEG COG in its colours with its masked collar transparent', async () => {
    const w = await openWatched(browser);
    const {page} = w;
    const orthoWorkers: Worker[] = [];
    page.on('worker', (worker) => {
      if (/ortho/.test(worker.url())) orthoWorkers.push(worker);
    });
    await page.goto(baseUrl + '?lang=en#16/36.95/101.69');
    await waitForFirstIdle(page);
    await page.getByRole('checkbox', {name: 'Datong subsidence zones'}).uncheck();

    await importInput(page).setInputFiles(tif(bigCog(), 'east-big.tif'));
    const converting = page.getByRole('status').filter({hasText: /Converting east-big\.tif: tile [1-9]\d* of about/});
    await expect.poll(() => converting.count(), {timeout: 60_000}).toBe(1);
    expect(orthoWorkers).toHaveLength(1);
    const workerClosed = new Promise<void>((resolve) => orthoWorkers[0]!.once('close', () => resolve()));
    await page.getByRole('button', {name: 'Cancel conversion'}).click();
    const cancelled = page.getByRole('status').filter({hasText: 'Conversion of east-big.tif cancelled: nothing was stored on this device.'});
    await expect.poll(() => cancelled.count(), {timeout: 30_000}).toBe(1);
    await workerClosed;
    expect(await page.locator('.pack-row').count()).toBe(0);
    expect(await packFolderEntries(page)).toEqual([]);
    await page.reload();
    await waitForFirstIdle(page);
    expect(await page.locator('.pack-row').count()).toBe(0);
    await page.getByRole('checkbox', {name: 'Datong subsidence zones'}).uncheck();

    await importInput(page).setInputFiles(tif(YCBCR.bytes, 'qiaotou-cog-jpeg.tif'));
    await expect.poll(() => page.getByRole('status').filter({hasText: 'Orthophoto stored: qiaotou-cog-jpeg'}).count(), {timeout: 60_000}).toBe(1);
    await expect.poll(() => quadrantsMatch(page, QIAOTOU), {timeout: 30_000}).toBe(true);
    // The collar (268–300 m east of the centre) is black under the mask: the map beneath shows there, as just outside the image.
    const collar = await colourAt(page, offsetMeters(QIAOTOU, 284, 0));
    const outside = await colourAt(page, offsetMeters(QIAOTOU, 330, 0));
    expect(closeTo(collar, [0, 0, 0])).toBe(false);
    expect(closeTo(collar, outside)).toBe(true);
    expect(w.errors).toEqual([]);
    await w.context.close();
  });
});
