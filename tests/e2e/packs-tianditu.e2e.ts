import {describe, expect, inject, it} from 'vitest';
import type {Page} from 'playwright-core';
import {SECURITY_HEADERS, TIANDITU_ORIGINS, securityHeadersWithConnect} from '../../src/app/security-headers';
import {encodePng} from '../helpers/png';
import {openWatched, waitForFirstIdle, waitForIdle} from './browser';
import {sharedBrowser} from './suite';

const baseUrl = inject('baseUrl');
const browser = sharedBrowser();
const KEY = '0123456789abcdef0123456789abcdef';
const MAGENTA = [200, 30, 200] as const;
// The stand-in for every Tianditu tile: never fetched from the network.
const TILE = Buffer.from(encodePng(256, 256, () => [...MAGENTA]));

/** Share of the map's pixels (sampled 64 × 40) within 30 of the stand-in tile's colour. */
const magentaShare = (page: Page) =>
  page.evaluate((want) => {
    const src = (window as unknown as {qhMap: {getCanvas(): HTMLCanvasElement}}).qhMap.getCanvas();
    const c = document.createElement('canvas');
    c.width = 64;
    c.height = 40;
    const ctx = c.getContext('2d')!;
    ctx.drawImage(src, 0, 0, 64, 40);
    const d = ctx.getImageData(0, 0, 64, 40).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i]! - want[0]!) + Math.abs(d[i + 1]! - want[1]!) + Math.abs(d[i + 2]! - want[2]!) < 30) n++;
    return n / (64 * 40);
  }, [...MAGENTA]);

/** Every URL held in the page's Cache Storage (the service worker's caches). */
const cachedUrls = (page: Page) =>
  page.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys()) for (const r of await (await caches.open(name)).keys()) urls.push(r.url);
    return urls;
  });

describe('optional online Tianditu (Chromium)', () => {
  it('asks Tianditu for nothing while off; once turned on with a key, draws its tiles with the credit and review number, caching none', async () => {
    // Served as a deployment that offers Tianditu would serve it: connect-src widened by its tile hosts (security-headers.ts).
    const w = await openWatched(browser, {serviceWorkers: 'block'});
    const {page} = w;
    const widened = securityHeadersWithConnect(TIANDITU_ORIGINS)['Content-Security-Policy']!;
    await page.route((url) => url.href.startsWith(baseUrl) && new URL(url.href).pathname === new URL(baseUrl).pathname, async (route) => {
      const response = await route.fetch();
      expect(response.headers()['content-security-policy']).toBe(SECURITY_HEADERS['Content-Security-Policy']);
      await route.fulfill({response, headers: {...response.headers(), 'content-security-policy': widened}});
    });
    const tianditu: string[] = [];
    await page.route(/^https:\/\/t\d\.tianditu\.gov\.cn\//, (route) => {
      tianditu.push(route.request().url());
      return route.fulfill({status: 200, contentType: 'image/png', body: TILE, headers: {'access-control-allow-origin': '*'}});
    });

    await page.goto(baseUrl + '?lang=en#9/37.3/100.2');
    await waitForFirstIdle(page);
    await waitForIdle(page);
    expect(tianditu).toEqual([]);
    const before = await magentaShare(page);
    expect(before).toBeLessThan(0.05);

    await page.getByLabel('Tianditu key (tk)').fill(KEY);
    await page.getByLabel('Map review number (审图号)').fill('GS(2024)0650号');
    await waitForIdle(page);
    // A key alone turns nothing on.
    expect(tianditu).toEqual([]);
    await page.getByLabel('Use the online Tianditu basemap').check();
    await expect.poll(() => tianditu.length, {timeout: 30_000}).toBeGreaterThan(0);
    await expect.poll(async () => (await waitForIdle(page), magentaShare(page)), {timeout: 30_000}).toBeGreaterThan(0.3);
    for (const u of tianditu) {
      const url = new URL(u);
      expect(url.host).toMatch(/^t[0-7]\.tianditu\.gov\.cn$/);
      expect(url.searchParams.get('tk')).toBe(KEY);
      expect(['vec', 'cva']).toContain(url.searchParams.get('LAYER'));
    }
    const credit = await page.locator('.maplibregl-ctrl-attrib').textContent();
    expect(credit).toContain('© Tianditu');
    expect(credit).toContain('GS(2024)0650号');
    expect(await page.getByRole('alert').filter({hasText: 'No tiles came from Tianditu'}).count()).toBe(0);
    // Nothing of Tianditu is kept: no cache entry, and the key only in this device's localStorage.
    expect((await cachedUrls(page)).filter((u) => u.includes('tianditu'))).toEqual([]);
    expect(await page.evaluate(() => JSON.parse(localStorage.getItem('qh-tianditu') ?? '{}').key)).toBe(KEY);

    // Off again: the layers leave the map and no further tile is asked for.
    await page.getByLabel('Use the online Tianditu basemap').uncheck();
    await waitForIdle(page);
    const asked = tianditu.length;
    await page.evaluate(() => (window as unknown as {qhMap: {jumpTo(o: object): void}}).qhMap.jumpTo({center: [96, 36], zoom: 8}));
    await waitForIdle(page);
    expect(tianditu.length).toBe(asked);
    expect(await magentaShare(page)).toBeLessThan(0.05);
    expect(w.errors).toEqual([]);
    await w.context.close();
  });

  it('served as the app ships (its CSP names no Tianditu host), turning it on reaches nothing and says why', async () => {
    const w = await openWatched(browser);
    const {page} = w;
    const tianditu: string[] = [];
    await page.route(/tianditu\.gov\.cn/, (route) => {
      tianditu.push(route.request().url());
      return route.fulfill({status: 200, contentType: 'image/png', body: TILE});
    });
    await page.goto(baseUrl + '?lang=en#9/37.3/100.2');
    await waitForFirstIdle(page);
    await page.getByLabel('Tianditu key (tk)').fill(KEY);
    await page.getByLabel('Use the online Tianditu basemap').check();
    await expect.poll(() => page.getByRole('alert').filter({hasText: 'No tiles came from Tianditu'}).count(), {timeout: 30_000}).toBe(1);
    // The browser's CSP stopped every request before it left the page.
    expect(tianditu).toEqual([]);
    expect(w.requests.filter((u) => u.includes('tianditu'))).toEqual([]);
    await w.context.close();
  });
});
