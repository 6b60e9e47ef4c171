import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest';
import type {Page} from 'playwright-core';
import {createExpression, latest} from '@maplibre/maplibre-gl-style-spec';
import type {StylePropertySpecification} from '@maplibre/maplibre-gl-style-spec';
import {openWatched, waitForFirstIdle, waitForIdle} from './browser';
import type {Watched} from './browser';
import {afterNextFrames, sharedBrowser} from './suite';
import {sourceText} from '../../src/i18n/source-words';

const baseUrl = inject('baseUrl');

type MapHandle = {
  getStyle(): {layers: {id: string; metadata?: Record<string, unknown>}[]};
  queryRenderedFeatures(o: {layers: string[]}): unknown[];
  getLayoutProperty(layer: string, prop: string): unknown;
  project(lngLat: [number, number]): {x: number; y: number};
  getCenter(): {lng: number; lat: number};
  getZoom(): number;
};

/** How many features of a catalogue layer MapLibre has drawn in the current view. */
const renderedCount = (page: Page, layerId: string) =>
  page.evaluate((id) => {
    const map = (window as unknown as {qhMap: MapHandle}).qhMap;
    const ids = map.getStyle().layers.filter((l) => l.metadata?.['qh:layer'] === id).map((l) => l.id);
    return map.queryRenderedFeatures({layers: ids}).length;
  }, layerId);

const ZH_TITLES: Record<string, string> = {
  haixi: '海西州',
  datong: '大通县采煤沉陷区',
  muli: '木里矿区',
  'industrial-parks': '产业园区',
  'rail-lines': '铁路线',
};
const EN_TITLES: Record<string, string> = {
  haixi: 'Haixi Prefecture',
  datong: 'Datong subsidence zones',
  muli: 'Muli mining area',
  'industrial-parks': 'Industrial parks',
  'rail-lines': 'Rail lines',
};

const browser = sharedBrowser();

function expectOnlyLocalRequests(w: Watched) {
  const off = w.requests.filter((u) => !/^(data:|blob:)/.test(u) && new URL(u).hostname !== '127.0.0.1');
  expect(off).toEqual([]);
}

describe('the map in Chromium (zh, default)', () => {
  let w: Watched;
  beforeAll(async () => {
    w = await openWatched(browser);
    await w.page.goto(baseUrl);
    await waitForFirstIdle(w.page);
  });
  afterAll(async () => {
    await w.context.close();
  });

  it('reaches idle in Chinese with the data and fonts from its own host only', async () => {
    expect(await w.page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await expect.poll(() => w.page.getByRole('heading', {level: 1}).textContent()).toBe('青海矿区治理地图');
    // The six layer files (the service worker fetches them again to precache: same URLs).
    expect(new Set(w.requests.filter((u) => u.endsWith('.geojson'))).size).toBe(6);
    expect(w.requests.some((u) => /noto-sans-sc-chinese-simplified.*\.woff2$/.test(u))).toBe(true);
    expectOnlyLocalRequests(w);
  });

  it('names the data sources in the attribution and shows a scale bar and compass', async () => {
    await expect.poll(() => w.page.locator('.maplibregl-ctrl-attrib').textContent()).toContain('高德');
    expect(await w.page.locator('.maplibregl-ctrl-scale').textContent()).toMatch(/\d+\s*(k?m|千米|米)$/);
    expect(await w.page.locator('.maplibregl-ctrl-compass').count()).toBe(1);
  });

  it('keeps the view in the URL hash', async () => {
    await expect.poll(() => w.page.evaluate(() => location.hash)).toMatch(/^#[\d.]+\/[\d.]+\/[\d.]+/);
  });

  it('toggles each of the five layers on and off', async () => {
    for (const [id, title] of Object.entries(ZH_TITLES)) {
      await w.page.getByRole('button', {name: `缩放至图层: ${title}`}).click();
      // Two frames after the click the fitBounds animation is under way (a click's effects run
      // at once), and MapLibre's idle waits for it to end.
      await afterNextFrames(w.page);
      await waitForIdle(w.page);
      expect(await renderedCount(w.page, id), `${id} drawn`).toBeGreaterThan(0);

      const box = w.page.getByRole('checkbox', {name: title, exact: true});
      await box.uncheck();
      await waitForIdle(w.page);
      expect(await renderedCount(w.page, id), `${id} hidden`).toBe(0);

      await box.check();
      await waitForIdle(w.page);
      expect(await renderedCount(w.page, id), `${id} shown again`).toBeGreaterThan(0);
    }
  });

  it('shows a clicked feature’s names, kind, accuracy and source as text', async () => {
    await w.page.goto(`${baseUrl}#6/36.6/92.6`);
    await w.page.reload();
    await waitForFirstIdle(w.page);
    const target: [number, number] = [92.6, 36.6];
    const expected = await w.page.evaluate((lngLat) => {
      const map = (window as unknown as {qhMap: MapHandle & {queryRenderedFeatures(p: [number, number], o: object): {properties: Record<string, string>}[]}}).qhMap;
      const p = map.project(lngLat);
      return map.queryRenderedFeatures([p.x, p.y], {layers: ['haixi:fill']})[0]?.properties;
    }, target);
    expect(expected?.name_zh).toBeTruthy();
    const point = await w.page.evaluate((lngLat) => (window as unknown as {qhMap: MapHandle}).qhMap.project(lngLat), target);
    const canvas = await w.page.locator('canvas.maplibregl-canvas').boundingBox();
    await w.page.mouse.click(canvas!.x + point.x, canvas!.y + point.y);
    const panel = w.page.getByRole('region', {name: '要素信息'});
    await expect.poll(() => panel.textContent()).toContain(expected!.name_zh);
    const text = await panel.textContent();
    expect(text).toContain(expected!.name_en);
    expect(text).toContain('县级行政区');
    expect(text).toContain('公开数据');
    // The source in the reader's words (no internal file or package names), as the panel words it.
    expect(text).toContain(sourceText(expected!.source, 'zh'));
    expect(text).not.toMatch(/PLACES\.md|echarts-china/);
    // The cursor readout follows the mouse in lon/lat.
    await w.page.mouse.move(canvas!.x + point.x + 5, canvas!.y + point.y + 5);
    await expect.poll(() => w.page.locator('.status-bar .cursor').textContent()).toMatch(/^9[12]\.\d{5}°E, 3[67]\.\d{5}°N$/);
  });

  it('marks the hand-drawn Qarhan salt lake as indicative: dashed, in the legend, its caveats and stated area on click', async () => {
    await w.page.goto(`${baseUrl}#8/36.95/94.6`);
    await w.page.reload();
    await waitForFirstIdle(w.page);
    const target: [number, number] = [94.6, 36.95];
    const found = await w.page.evaluate((lngLat) => {
      const map = (window as unknown as {qhMap: MapHandle & {queryRenderedFeatures(p: [number, number], o: object): {properties: Record<string, string>}[]; getPaintProperty(l: string, p: string): unknown}}).qhMap;
      const p = map.project(lngLat);
      return {
        ids: map.queryRenderedFeatures([p.x, p.y], {layers: ['basemap:lake-indicative', 'basemap:lake']}).map((f) => f.properties.id),
        dash: map.getPaintProperty('basemap:lake-indicative-outline', 'line-dasharray'),
        outline: map.queryRenderedFeatures([p.x, p.y], {layers: ['basemap:lake-indicative']})[0]?.properties,
      };
    }, target);
    // The outline's dash is read per feature (it shares the indicative outlines' WebGL program): the lake's own.
    const dash = createExpression(found.dash, 'line-dasharray', latest.paint_line['line-dasharray'] as StylePropertySpecification);
    const lakeDash = dash.result === 'success' ? dash.value.evaluate({zoom: 8}, {type: 3, properties: found.outline ?? {}} as never) : null;
    // Drawn by the indicative lake layers (faint, dashed), not as the solid water of a mapped lake.
    expect(found.ids).toEqual(['lake-qarhan']);
    expect(lakeDash).toEqual([3, 2]);
    const point = await w.page.evaluate((lngLat) => (window as unknown as {qhMap: MapHandle}).qhMap.project(lngLat), target);
    const canvas = await w.page.locator('canvas.maplibregl-canvas').boundingBox();
    await w.page.mouse.click(canvas!.x + point.x, canvas!.y + point.y);
    const panel = w.page.getByRole('region', {name: '要素信息'});
    await expect.poll(() => panel.textContent()).toContain('察尔汗盐湖');
    const rows = await panel.locator('dt').allTextContents();
    expect(rows).toEqual(expect.arrayContaining(['图层', '精度', '报道面积（非官方）', '图上轮廓面积', '面积说明', '说明']));
    expect(rows).not.toContain('官方面积');
    const text = await panel.textContent();
    expect(text).toContain('示意（位置近似）');
    expect(text).toContain('5,856');
    // The printed legend lists the salt lakes and the Datong zones as indicative, with the key.
    const legend = await w.page.locator('.print-legend').textContent();
    expect(legend).toContain('盐湖（示意范围）');
    expect(legend).toContain('采煤沉陷区（示意范围）');
    expect(legend).toContain('虚线/空心符号为示意位置');
    expect(await w.page.getByRole('list', {name: '图例: 底图'}).textContent()).toBe('盐湖（示意范围）');
  });

  it('shows markup in data as text and never runs it', async () => {
    const hostile = '<img src=x onerror="window.__pwned=1">';
    await w.page.evaluate((name) => {
      const map = (window as unknown as {qhMap: {getSource(id: string): {setData(d: unknown): void}; jumpTo(o: object): void}}).qhMap;
      map.getSource('industrial-parks').setData({
        type: 'FeatureCollection',
        features: [{type: 'Feature', geometry: {type: 'Point', coordinates: [95, 37]},
          properties: {id: 'x', name_zh: name, name_en: name, kind: 'industrial-park', accuracy: 'indicative', source: name}}],
      });
      map.jumpTo({center: [95, 37], zoom: 7});
    }, hostile);
    await waitForIdle(w.page);
    const point = await w.page.evaluate(() => (window as unknown as {qhMap: MapHandle}).qhMap.project([95, 37]));
    const canvas = await w.page.locator('canvas.maplibregl-canvas').boundingBox();
    await w.page.mouse.click(canvas!.x + point.x, canvas!.y + point.y);
    const panel = w.page.getByRole('region', {name: '要素信息'});
    await expect.poll(() => panel.textContent()).toContain(hostile);
    expect(await panel.locator('img').count()).toBe(0);
    expect(await w.page.evaluate(() => (window as unknown as {__pwned?: number}).__pwned)).toBeUndefined();
  });

  it('logged no console error and asked no other host', () => {
    expect(w.errors).toEqual([]);
    expectOnlyLocalRequests(w);
  });
});

describe('the map in English (?lang=en)', () => {
  it('names the layers in English and switches back to Chinese', async () => {
    const w = await openWatched(browser);
    await w.page.goto(`${baseUrl}?lang=en#7/37.2/99.5`);
    await waitForFirstIdle(w.page);
    expect(await w.page.locator('html').getAttribute('lang')).toBe('en');
    for (const title of Object.values(EN_TITLES)) {
      expect(await w.page.getByRole('checkbox', {name: title, exact: true}).isChecked(), title).toBe(true);
    }
    expect(JSON.stringify(await w.page.evaluate(() => (window as unknown as {qhMap: MapHandle}).qhMap.getLayoutProperty('haixi:label', 'text-field')))).toContain('name_en');
    expect(await w.page.locator('.maplibregl-ctrl-attrib').textContent()).toContain('AMap');

    await w.page.getByRole('button', {name: '中文'}).click();
    await expect.poll(() => w.page.getByRole('checkbox', {name: '海西州', exact: true}).count()).toBe(1);
    expect(new URL(w.page.url()).searchParams.get('lang')).toBeNull();
    expect(new URL(w.page.url()).hash).toMatch(/^#7(\.\d+)?\/37\.2/);
    await waitForIdle(w.page);
    expect(JSON.stringify(await w.page.evaluate(() => (window as unknown as {qhMap: MapHandle}).qhMap.getLayoutProperty('haixi:label', 'text-field')))).toContain('name_zh');
    expect(w.errors).toEqual([]);
    expectOnlyLocalRequests(w);
    await w.context.close();
  });

  it('opens at the view a shared URL names', async () => {
    const w = await openWatched(browser);
    await w.page.goto(`${baseUrl}#9/36.95/101.68`);
    await waitForFirstIdle(w.page);
    const view = await w.page.evaluate(() => {
      const map = (window as unknown as {qhMap: MapHandle}).qhMap;
      return {zoom: map.getZoom(), ...map.getCenter()};
    });
    expect(view.zoom).toBeCloseTo(9, 5);
    expect(view.lat).toBeCloseTo(36.95, 4);
    expect(view.lng).toBeCloseTo(101.68, 4);
    await w.context.close();
  });
});
