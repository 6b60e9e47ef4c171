import {describe, expect, inject, it} from 'vitest';
import {readFileSync} from 'node:fs';
import type {Page} from 'playwright-core';
import {openWatched, waitForFirstIdle, waitForIdle} from './browser';
import {sharedBrowser} from './suite';

const baseUrl = inject('baseUrl');

type MapHandle = {
  jumpTo(o: {center: [number, number]; zoom: number; bearing?: number; pitch?: number}): void;
  getCenter(): {lng: number; lat: number};
  getZoom(): number;
  getBearing(): number;
  isMoving(): boolean;
  once(e: string, f: () => void): void;
  getLayoutProperty(layer: string, name: string): unknown;
};

const VIEWS = [
  {center: [96.0, 35.8] as [number, number], zoom: 5, bearing: 0, pitch: 0},
  {center: [101.70, 36.96] as [number, number], zoom: 11, bearing: 25, pitch: 30},
  {center: [99.55, 38.15] as [number, number], zoom: 9, bearing: 0, pitch: 0},
];

async function jump(page: Page, view: (typeof VIEWS)[number]) {
  await page.evaluate((v) => new Promise<void>((resolve) => {
    const map = (window as unknown as {qhMap: MapHandle}).qhMap;
    map.once('moveend', () => resolve());
    map.jumpTo(v);
  }), view);
}

async function camera(page: Page) {
  await page.waitForFunction(() => !(window as unknown as {qhMap: MapHandle}).qhMap.isMoving(), null, {timeout: 20_000});
  return page.evaluate(() => {
    const map = (window as unknown as {qhMap: MapHandle}).qhMap;
    return {lng: map.getCenter().lng, lat: map.getCenter().lat, zoom: map.getZoom(), bearing: map.getBearing(), rail: map.getLayoutProperty('rail-lines:line', 'visibility')};
  });
}

async function expectAt(page: Page, view: (typeof VIEWS)[number]) {
  await expect.poll(async () => {
    const c = await camera(page);
    if (process.env.DEBUG_CAMERA) console.log(JSON.stringify(c), JSON.stringify(view));
    return Math.abs(c.lng - view.center[0]) < 1e-3 && Math.abs(c.lat - view.center[1]) < 1e-3 && Math.abs(c.zoom - view.zoom) < 1e-3;
  }, {timeout: 20_000}).toBe(true);
}

/** PNG width and height from its IHDR chunk (ISO/IEC 15948). */
function pngSize(bytes: Buffer) {
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  return {width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20)};
}

async function download(page: Page, button: string): Promise<Buffer> {
  const [file] = await Promise.all([page.waitForEvent('download', {timeout: 60_000}), page.getByRole('button', {name: button, exact: true}).click()]);
  return readFileSync((await file.path())!);
}

/** How many distinct colours the decoded image has (a blank export has one or two). */
async function distinctColours(page: Page, png: Buffer): Promise<number> {
  return page.evaluate(async (b64) => {
    // Decoded by hand: the app's CSP (connect-src 'self') rightly refuses fetch() of a data: URL.
    const blob = new Blob([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], {type: 'image/png'});
    const bitmap = await createImageBitmap(blob);
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(bitmap, 0, 0);
    const data = ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
    const seen = new Set<number>();
    for (let i = 0; i < data.length; i += 4 * 97) seen.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
    return seen.size;
  }, png.toString('base64'));
}

const browser = sharedBrowser();

/** The English captions of the slides saved on the device (IndexedDB), in their saved order. */
const savedSlideCaptions = (page: Page) =>
  page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('qh-remediation');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    try {
      const slides = await new Promise<{order?: number; caption: {en: string}}[]>((resolve, reject) => {
        const r = db.transaction('slides').objectStore('slides').getAll();
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      return slides.sort((a, b) => (a.order ?? 0) - (b.order ?? 0)).map((s) => s.caption.en);
    } finally {
      db.close();
    }
  });

describe('presenter mode (Chromium)', () => {
  it('plays three slides in order with the keyboard, changing camera and layers, and keeps them across a reload', async () => {
    const w = await openWatched(browser, {acceptDownloads: true});
    const page = w.page;
    await page.goto(`${baseUrl}?lang=en`);
    await waitForFirstIdle(page);
    for (const name of ['Dashboard', 'Present']) await expect.poll(() => page.getByRole('button', {name, exact: true}).count()).toBe(1);

    await page.getByRole('tab', {name: 'Slides'}).click();
    await jump(page, VIEWS[0]!);
    await page.getByRole('button', {name: 'Add slide'}).click();
    await jump(page, VIEWS[1]!);
    // The second slide hides the rail lines.
    await page.getByRole('tab', {name: 'Layers'}).click();
    await page.getByLabel('Rail lines', {exact: true}).uncheck();
    await page.getByRole('tab', {name: 'Slides'}).click();
    await page.getByRole('button', {name: 'Add slide'}).click();
    await page.getByRole('tab', {name: 'Layers'}).click();
    await page.getByLabel('Rail lines', {exact: true}).check();
    await page.getByRole('tab', {name: 'Slides'}).click();
    await jump(page, VIEWS[2]!);
    await page.getByRole('button', {name: 'Add slide'}).click();
    await expect.poll(() => page.getByTestId('slide-item').count()).toBe(3);
    // Each slide in the list shows a small picture of its view, taken when it was added.
    await expect.poll(() => page.getByTestId('slide-thumbnail').count()).toBe(3);
    const thumbs = await page.getByTestId('slide-thumbnail').evaluateAll((els) => els.map((e) => {
      const img = e as HTMLImageElement;
      return {src: img.src, width: img.naturalWidth, height: img.naturalHeight};
    }));
    console.log(`slide thumbnails: ${thumbs.map((t) => `${t.width}×${t.height} ${t.src.length} chars`).join(', ')}`);
    for (const thumb of thumbs) {
      expect(thumb.src).toMatch(/^data:image\/jpeg;base64,/);
      expect(thumb.src.length).toBeLessThanOrEqual(28_000);
      expect(thumb.width).toBe(200);
    }
    // Slides over different places get different pictures.
    expect(new Set(thumbs.map((t) => t.src)).size).toBe(3);
    await page.getByLabel('Caption (English)').nth(2).fill('Muli coalfield');
    // The caption written from the data names the place each slide shows, then the programme's figures.
    const zhCaptions = await page.getByLabel('Caption (Chinese)').evaluateAll((els) => els.map((e) => (e as HTMLTextAreaElement).value));
    expect(zhCaptions[0]).toMatch(/^海西州：截至\d{4}年\d{1,2}月\d{1,2}日，大通县采煤沉陷区已完成治理[\d,]+亩，占目标的[\d.]+%$/);
    expect(zhCaptions[1]).toMatch(/^大通/);
    expect(new Set(zhCaptions).size).toBe(3);

    await page.getByRole('button', {name: 'Present', exact: true}).first().click();
    await expect.poll(() => page.getByTestId('slide-position').textContent()).toBe('Slide 1 / 3');
    expect(await page.locator('.app-header').isVisible()).toBe(false);
    expect(await page.locator('.sidebar').isVisible()).toBe(false);
    await expectAt(page, VIEWS[0]!);
    expect((await camera(page)).rail).not.toBe('none');

    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.getByTestId('slide-position').textContent()).toBe('Slide 2 / 3');
    await expectAt(page, VIEWS[1]!);
    const second = await camera(page);
    expect(second.bearing).toBeCloseTo(25, 3);
    expect(second.rail).toBe('none');
    await page.screenshot({path: 'tests/e2e/artifacts/presenter-slide-2.png'});

    await page.keyboard.press('Space');
    await expect.poll(() => page.getByTestId('slide-position').textContent()).toBe('Slide 3 / 3');
    await expectAt(page, VIEWS[2]!);
    expect((await camera(page)).rail).not.toBe('none');
    expect(await page.getByTestId('presenter-caption').textContent()).toBe('Muli coalfield');
    await page.keyboard.press('PageDown');
    expect(await page.getByTestId('slide-position').textContent()).toBe('Slide 3 / 3');

    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => page.getByTestId('slide-position').textContent()).toBe('Slide 2 / 3');
    await page.getByRole('button', {name: 'Previous'}).click();
    await expect.poll(() => page.getByTestId('slide-position').textContent()).toBe('Slide 1 / 3');
    await page.getByRole('button', {name: 'Next'}).click();
    await expect.poll(() => page.getByTestId('slide-position').textContent()).toBe('Slide 2 / 3');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('presenter').count()).toBe(0);
    expect(await page.locator('.app-header').isVisible()).toBe(true);
    await waitForIdle(page);
    // Leaving gives the reader their own layers back.
    expect((await camera(page)).rail).not.toBe('none');

    // Reorder and delete, then reload: the slides come back from IndexedDB as left.
    await page.getByRole('button', {name: 'Move up 3'}).click();
    await page.getByRole('button', {name: 'Delete slide 1'}).click();
    await expect.poll(() => page.getByTestId('slide-item').count()).toBe(2);
    // Reload only once the device holds what the list shows: two slides, Muli's first.
    await expect.poll(() => savedSlideCaptions(page)).toEqual(['Muli coalfield', expect.any(String)]);
    await page.reload();
    await waitForFirstIdle(page);
    await page.getByRole('tab', {name: 'Slides'}).click();
    await expect.poll(() => page.getByTestId('slide-item').count()).toBe(2);
    expect(await page.getByLabel('Caption (English)').first().inputValue()).toBe('Muli coalfield');
    expect(await page.getByTestId('slide-thumbnail').count()).toBe(2);

    // Slides as a JSON file and back.
    const json = JSON.parse((await download(page, 'Export slides JSON')).toString('utf8')) as {slides: {caption: {en: string}}[]};
    expect(json.slides.map((s) => s.caption.en)[0]).toBe('Muli coalfield');
    await page.getByLabel('Import slides JSON').setInputFiles({name: 'slides.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(json))});
    await expect.poll(() => page.getByTestId('slide-item').count()).toBe(4);

    expect(w.errors).toEqual([]);
    expect(w.requests.filter((u) => !/^(data:|blob:)/.test(u) && new URL(u).hostname !== '127.0.0.1')).toEqual([]);
    await w.context.close();
  });

  it('exports the map as PNG at 1× and 2× and as one landscape A4 or A3 PDF page', async () => {
    const w = await openWatched(browser, {acceptDownloads: true});
    const page = w.page;
    await page.goto(`${baseUrl}?lang=en#9/36.96/101.70`);
    await waitForFirstIdle(page);
    await page.getByRole('tab', {name: 'Slides'}).click();
    const mapSize = await page.evaluate(() => {
      const el = document.querySelector('[data-testid="map"]')!;
      return {width: el.clientWidth, height: el.clientHeight};
    });

    await page.getByLabel('Resolution').selectOption('1');
    const one = await download(page, 'Export PNG');
    await page.getByLabel('Resolution').selectOption('2');
    const two = await download(page, 'Export PNG');
    expect(pngSize(one)).toEqual(mapSize);
    expect(pngSize(two)).toEqual({width: mapSize.width * 2, height: mapSize.height * 2});
    expect(await distinctColours(page, two)).toBeGreaterThan(20);
    // The map's own pixel ratio is back to the screen's afterwards.
    expect(await page.evaluate(() => (window as unknown as {qhMap: {getPixelRatio(): number}}).qhMap.getPixelRatio())).toBe(1);
    await page.evaluate(() => undefined);
    const {writeFileSync} = await import('node:fs');
    writeFileSync('tests/e2e/artifacts/export-2x.png', two);

    for (const [paper, box] of [['a4', '841.89 595.28'], ['a3', '1190.55 841.89']] as const) {
      await page.getByLabel('Paper').selectOption(paper);
      const pdf = (await download(page, 'Export PDF')).toString('latin1');
      expect(pdf.startsWith('%PDF-')).toBe(true);
      expect(pdf.match(/\/Type \/Page\b/g)).toHaveLength(1);
      const media = /\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/.exec(pdf);
      expect([Number(media?.[1]).toFixed(2), Number(media?.[2]).toFixed(2)].join(' ')).toBe(box);
      expect(pdf).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)/);
    }

    expect(w.errors).toEqual([]);
    expect(w.requests.filter((u) => !/^(data:|blob:)/.test(u) && new URL(u).hostname !== '127.0.0.1')).toEqual([]);
    await w.context.close();
  });
});
