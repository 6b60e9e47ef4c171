import {describe, expect, inject, it} from 'vitest';
import type {Page} from 'playwright-core';
import {openWatched, waitForFirstIdle} from './browser';
import {drawPolygon, squareRing, pngBytes} from './field-helpers';
import {openOnPlotsTab, sharedBrowser} from './suite';

const baseUrl = inject('baseUrl');
const DATONG_VIEW = '#17/36.9505/101.6805';

const browser = sharedBrowser();

type MapHandle = {
  project(lngLat: [number, number]): {x: number; y: number};
  getSource(id: string): {serialize(): {data: {features: {properties: {id: string}}[]}}} | undefined;
};

const row = (page: Page, name: string) => page.locator('.plot-list > li').filter({hasText: name});
const muIn = (text: string | null) => Number(/([\d,.]+)\s*mu/.exec(text ?? '')?.[1]?.replace(/,/g, ''));

/** Draws a plot and saves it through the form (English UI), optionally with a photo. */
async function drawAndSave(page: Page, name: string, photo?: Buffer) {
  await page.getByRole('button', {name: 'New plot'}).click();
  await drawPolygon(page, squareRing(101.68, 36.95, 0.001));
  const form = page.getByRole('dialog', {name: 'Plot details'});
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Team').fill('Datong team 1');
  if (photo) await form.getByLabel('Take or choose photos').setInputFiles({name: 'pit.png', mimeType: 'image/png', buffer: photo});
  await form.getByRole('button', {name: 'Save'}).click();
  await expect.poll(() => row(page, name).locator('[data-save]').getAttribute('data-save'), {timeout: 20_000}).toBe('saved');
}

describe('the field flow on one thumb (Chromium)', () => {
  it('saves an edited shape in one step, without the form, and the history says so in words', async () => {
    const w = await openWatched(browser);
    const page = await openOnPlotsTab(w.context, `${baseUrl}?lang=en${DATONG_VIEW}`);
    await drawAndSave(page, 'One-step plot');
    const areaOf = async () => muIn(await row(page, 'One-step plot').locator('.plot-area').textContent());
    const before = await areaOf();

    await page.getByRole('button', {name: 'Edit shape'}).click();
    const at = (ll: [number, number]) => page.evaluate((p) => (window as unknown as {qhMap: MapHandle}).qhMap.project(p), ll);
    const corner = await at([101.681, 36.951]);
    const target = await at([101.6815, 36.9515]);
    const box = (await page.locator('canvas.maplibregl-canvas').boundingBox())!;
    await page.mouse.move(box.x + corner.x, box.y + corner.y);
    await page.mouse.down();
    await page.mouse.move(box.x + target.x, box.y + target.y, {steps: 12});
    await page.mouse.up();
    // The floating Save shape saves at once: the plot's details are complete.
    await page.locator('.draw-actions').getByRole('button', {name: 'Save shape'}).click();
    await expect.poll(areaOf).toBeGreaterThan(before * 1.2);
    expect(await page.getByRole('dialog', {name: 'Plot details'}).count()).toBe(0);
    await expect.poll(() => row(page, 'One-step plot').locator('[data-save]').getAttribute('data-save'), {timeout: 20_000}).toBe('saved');

    const history = row(page, 'One-step plot').locator('details.history');
    await history.locator('summary').click();
    await expect.poll(() => history.locator('li').count()).toBe(2);
    const lines = await history.locator('li .history-what').allTextContents();
    expect(lines).toEqual(['Shape changed', 'Plot created']);
    expect(await history.textContent()).not.toMatch(/\bupdate\b|· v\d/);

    // The same history in Chinese, with Chinese words.
    await page.getByRole('button', {name: '中文'}).click();
    await expect.poll(() => history.locator('li .history-what').allTextContents()).toEqual(['边界形状已修改', '新建地块']);
    expect(w.errors).toEqual([]);
    await w.context.close();
  });

  it('marks each missing required field with aria-invalid and its own message', async () => {
    const w = await openWatched(browser);
    const page = await openOnPlotsTab(w.context, `${baseUrl}?lang=en${DATONG_VIEW}`);
    await page.getByRole('button', {name: 'New plot'}).click();
    await drawPolygon(page, squareRing(101.68, 36.95, 0.001));
    const form = page.getByRole('dialog', {name: 'Plot details'});
    await form.getByLabel('Status').selectOption('remediated');
    await form.getByRole('button', {name: 'Save'}).click();
    await expect.poll(() => form.getByRole('textbox', {name: 'Name'}).getAttribute('aria-invalid')).toBe('true');
    expect(await form.getByRole('textbox', {name: 'Team'}).getAttribute('aria-invalid')).toBe('true');
    expect(await form.getByLabel('Completed').getAttribute('aria-invalid')).toBe('true');
    expect(await form.getByRole('alert').textContent()).toBe('Please fill in the required fields: Name, Team, Completed');
    // Each field's message is read with it.
    const nameMessage = await form.getByRole('textbox', {name: 'Name'}).getAttribute('aria-describedby');
    expect(await page.locator(`#${nameMessage}`).textContent()).toBe('Name is required');

    await form.getByRole('textbox', {name: 'Name'}).fill('Marked plot');
    await expect.poll(() => form.getByRole('textbox', {name: 'Name'}).getAttribute('aria-invalid')).toBeNull();
    expect(await form.getByRole('textbox', {name: 'Team'}).getAttribute('aria-invalid')).toBe('true');
    expect(await form.getByRole('alert').textContent()).toBe('Please fill in the required fields: Team, Completed');
    await w.context.close();
  });

  it('labels MapLibre’s own controls in Chinese in zh and in English in en, following a switch', async () => {
    const w = await openWatched(browser);
    const page = await w.context.newPage();
    await page.goto(baseUrl);
    await waitForFirstIdle(page);
    const zoomIn = page.locator('.maplibregl-ctrl-zoom-in');
    expect(await zoomIn.getAttribute('aria-label')).toBe('放大');
    expect(await zoomIn.getAttribute('title')).toBe('放大');
    expect(await page.locator('.maplibregl-ctrl-zoom-out').getAttribute('aria-label')).toBe('缩小');
    expect(await page.locator('canvas.maplibregl-canvas').getAttribute('aria-label')).toBe('地图');
    expect(await page.locator('.maplibregl-ctrl-attrib-button').getAttribute('aria-label')).toBe('显示或隐藏数据来源');

    await page.getByRole('button', {name: 'English'}).click();
    await expect.poll(() => zoomIn.getAttribute('aria-label')).toBe('Zoom in');
    expect(await zoomIn.getAttribute('title')).toBe('Zoom in');
    expect(await page.locator('canvas.maplibregl-canvas').getAttribute('aria-label')).toBe('Map');
    expect(await page.locator('.maplibregl-ctrl-attrib-button').getAttribute('aria-label')).toBe('Toggle attribution');

    await page.goto(`${baseUrl}?lang=en`);
    await waitForFirstIdle(page);
    expect(await page.locator('.maplibregl-ctrl-zoom-in').getAttribute('aria-label')).toBe('Zoom in');
    await w.context.close();
  });

  it('highlights a tapped feature and opens its info, its source worded without internal file names', async () => {
    const w = await openWatched(browser);
    const page = await w.context.newPage();
    // Inside the subsidence zone north-west of Qiaotou.
    await page.goto(`${baseUrl}#14/36.9518/101.6498`);
    await waitForFirstIdle(page);
    const box = (await page.locator('canvas.maplibregl-canvas').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const info = page.getByRole('region', {name: '要素信息'});
    await expect.poll(() => info.count()).toBe(1);
    const id = await info.getAttribute('data-feature-id');
    expect(id).toBeTruthy();
    const highlighted = () =>
      page.evaluate(() => (window as unknown as {qhMap: MapHandle}).qhMap.getSource('qh-highlight')?.serialize().data.features.map((f) => f.properties.id) ?? []);
    await expect.poll(highlighted).toEqual([id]);
    const text = (await info.textContent()) ?? '';
    expect(text).toContain('来源');
    expect(text).not.toMatch(/PLACES|\.md\b|echarts|mapshaper/);
    expect(text).toMatch(/本项目|高德|Natural Earth/);

    // Closing the info clears the highlight.
    await info.getByRole('button', {name: '关闭'}).click();
    await expect.poll(highlighted).toEqual([]);
    expect(w.errors).toEqual([]);
    await w.context.close();
  });

  it('opens a photo full size, deletes it, and brings it back with undo', async () => {
    const w = await openWatched(browser);
    const page = await openOnPlotsTab(w.context, `${baseUrl}?lang=en${DATONG_VIEW}`);
    await drawAndSave(page, 'Photo plot', await pngBytes(page));
    const strip = row(page, 'Photo plot').locator('.photo-strip');
    // The photo is written after the plot: wait for the strip to show it.
    await expect.poll(() => strip.locator('img').count(), {timeout: 20_000}).toBe(1);

    await strip.getByRole('button', {name: 'View photo pit.png'}).click();
    const viewer = page.getByRole('dialog', {name: 'Photo, full size'});
    await expect.poll(() => viewer.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), {timeout: 10_000}).toBe(8);
    await viewer.getByRole('button', {name: 'Delete photo'}).click();
    expect(await viewer.count()).toBe(0);
    await expect.poll(() => row(page, 'Photo plot').locator('.photo-strip img').count(), {timeout: 10_000}).toBe(0);

    const notice = row(page, 'Photo plot').locator('.photo-removed');
    expect(await notice.textContent()).toContain('Photo deleted.');
    await notice.getByRole('button', {name: 'Undo'}).click();
    await expect.poll(() => row(page, 'Photo plot').locator('.photo-strip img').count(), {timeout: 10_000}).toBe(1);
    expect(w.errors).toEqual([]);
    await w.context.close();
  });
});
