import type {Page} from 'playwright-core';

type MapHandle = {project(lngLat: [number, number]): {x: number; y: number}};

/** Clicks the map at a longitude/latitude (through the real pointer, as a user would). */
export async function clickLngLat(page: Page, lngLat: [number, number]): Promise<void> {
  // The point on the canvas and the canvas on the page in one round trip to the page (it was
  // two: an evaluate and a locator's boundingBox, 0.1–0.25 s each on the loaded CI machine, for
  // every vertex of every drawn plot). The box is the canvas's client rect, as boundingBox's is.
  const at = await page.evaluate((ll) => {
    const canvas = document.querySelector('canvas.maplibregl-canvas');
    if (!canvas) return null;
    const box = canvas.getBoundingClientRect();
    const p = (window as unknown as {qhMap: MapHandle}).qhMap.project(ll);
    return {x: box.x + p.x, y: box.y + p.y};
  }, lngLat);
  if (!at) throw new Error('no map canvas');
  await page.mouse.move(at.x, at.y, {steps: 2});
  await page.mouse.click(at.x, at.y);
  // The drawing has taken the click once the page has run the tasks the click queued (a task
  // turn, not frames: a page in a background tab of the context draws no frames).
  await page.evaluate(() => new Promise<void>((resolve) => setTimeout(resolve, 0)));
}

/** Draws a polygon by clicking its vertices and then the first vertex again to close it. */
export async function drawPolygon(page: Page, ring: [number, number][]): Promise<void> {
  for (const ll of ring) await clickLngLat(page, ll);
  await clickLngLat(page, ring[0]!);
}

/** A square of `side` degrees with its south-west corner at (lon, lat), counter-clockwise. */
export const squareRing = (lon: number, lat: number, side: number): [number, number][] => [
  [lon, lat], [lon + side, lat], [lon + side, lat + side], [lon, lat + side],
];

/** An 8 × 8 red PNG, made in the page (a real image the browser decodes and thumbnails). */
export async function pngBytes(page: Page): Promise<Buffer> {
  const base64 = await page.evaluate(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 8;
    canvas.height = 8;
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = '#c00';
    ctx.fillRect(0, 0, 8, 8);
    return canvas.toDataURL('image/png').split(',')[1]!;
  });
  return Buffer.from(base64, 'base64');
}
