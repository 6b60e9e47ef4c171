import {afterEach, describe, expect, inject, it} from 'vitest';
import {openWatched, waitForFirstIdle} from './browser';
import type {Watched} from './browser';
import {sharedBrowser} from './suite';
import {t} from '../../src/i18n/messages';

const baseUrl = inject('baseUrl');
const browser = sharedBrowser();

describe('panels whose code loads when first needed (issue 11: first load)', () => {
  let w: Watched | undefined;
  afterEach(async () => {
    await w?.context.close();
    w = undefined;
  });

  it('fetches no form, dialog, team or slides code before the map is idle, then all of it in the background', async () => {
    // No service worker: its precache would fetch every chunk, and this is about the page's own needs.
    w = await openWatched(browser, {serviceWorkers: 'block'});
    const names = ['PlotForm', 'ConflictDialog', 'PresenterOverlay', 'SlidePanel', 'ExportPanel', 'TeamPanel'];
    const requestedAt = new Map<string, number>();
    w.page.on('request', (request) => {
      const name = names.find((n) => new RegExp(`/assets/${n}-[\\w-]+\\.js$`).test(request.url()));
      if (name && !requestedAt.has(name)) requestedAt.set(name, Date.now());
    });
    await w.page.goto(`${baseUrl}?lang=en`);
    await waitForFirstIdle(w.page);
    const idleAt = await w.page.evaluate(() => performance.timeOrigin + performance.getEntriesByName('qh-map-first-idle')[0]!.startTime);
    // Then every panel's code comes in the background, so a form first opened offline is there.
    await expect.poll(() => names.filter((n) => !requestedAt.has(n)), {timeout: 20_000}).toEqual([]);
    for (const name of names) expect(requestedAt.get(name)!, `${name} requested after the first idle`).toBeGreaterThanOrEqual(idleAt);
    await w.page.getByRole('tab', {name: 'Slides'}).click();
    await expect.poll(() => w!.page.getByRole('heading', {name: t('slides', 'en'), exact: true}).isVisible()).toBe(true);
    await expect.poll(() => w!.page.getByRole('heading', {name: t('mapExport', 'en'), exact: true}).isVisible()).toBe(true);
    expect(w.errors).toEqual([]);
  });

  it('fetches the English words only after the first idle in Chinese, and then switches to English with no network', async () => {
    // No service worker: the words must come from the page's own background fetch.
    w = await openWatched(browser, {serviceWorkers: 'block'});
    let englishAt: number | undefined;
    let englishIn = false;
    const english = (url: string) => /\/assets\/messages-en-[\w-]+\.js$/.test(url);
    w.page.on('request', (request) => {
      if (english(request.url())) englishAt ??= Date.now();
    });
    w.page.on('requestfinished', (request) => {
      if (english(request.url())) englishIn = true;
    });
    await w.page.goto(baseUrl);
    await waitForFirstIdle(w.page);
    const idleAt = await w.page.evaluate(() => performance.timeOrigin + performance.getEntriesByName('qh-map-first-idle')[0]!.startTime);
    await expect.poll(() => englishIn, {timeout: 20_000}).toBe(true);
    expect(englishAt!, 'the English words requested after the first idle').toBeGreaterThanOrEqual(idleAt);
    const failed: string[] = [];
    w.page.on('requestfailed', (request) => failed.push(request.url()));
    await w.context.setOffline(true);
    await w.page.getByRole('button', {name: 'English'}).click();
    await expect.poll(() => w!.page.getByRole('heading', {level: 1}).textContent()).toBe(t('appTitle', 'en'));
    expect(await w.page.getByRole('tab', {name: t('tabPlots', 'en')}).isVisible()).toBe(true);
    expect(await w.page.locator('html').getAttribute('lang')).toBe('en');
    // Nothing of the app was asked for in vain (the browser asks for the favicon again offline).
    expect(failed.filter((url) => !url.endsWith('/favicon.svg'))).toEqual([]);
    expect(w.errors.filter((e) => !e.startsWith('Failed to load resource'))).toEqual([]);
  });

  it('says on the page when English cannot be loaded, stays in Chinese, and switches after a reload once the words come', async () => {
    // No service worker, and the English words cut off: as a page opened once online, then offline before the background fetch.
    w = await openWatched(browser, {serviceWorkers: 'block'});
    let cut = true;
    await w.page.route(/\/assets\/messages-en-[\w-]+\.js$/, (route) => (cut ? route.abort('internetdisconnected') : route.continue()));
    await w.page.goto(baseUrl);
    await waitForFirstIdle(w.page);
    await w.page.getByRole('button', {name: 'English'}).click();
    const alert = w.page.getByRole('alert').filter({hasText: t('langLoadFailed', 'zh')});
    await expect.poll(() => alert.isVisible()).toBe(true);
    expect(await w.page.getByRole('heading', {level: 1}).textContent()).toBe(t('appTitle', 'zh'));
    expect(await w.page.getByRole('button', {name: 'English'}).getAttribute('aria-pressed')).toBe('false');
    // Online again: the browser keeps a failed chunk import for the page's life, so the notice asks for a reload, which works.
    cut = false;
    await w.page.goto(`${baseUrl}?lang=en`);
    await expect.poll(() => w!.page.getByRole('heading', {level: 1}).textContent(), {timeout: 10_000}).toBe(t('appTitle', 'en'));
    expect(await alert.count()).toBe(0);
  });

  it('opens in Chinese with the notice when ?lang=en cannot load its words', async () => {
    w = await openWatched(browser, {serviceWorkers: 'block'});
    await w.page.route(/\/assets\/messages-en-[\w-]+\.js$/, (route) => route.abort('internetdisconnected'));
    await w.page.goto(`${baseUrl}?lang=en`);
    await waitForFirstIdle(w.page);
    expect(await w.page.getByRole('heading', {level: 1}).textContent()).toBe(t('appTitle', 'zh'));
    expect(await w.page.getByRole('alert').filter({hasText: t('langLoadFailed', 'zh')}).isVisible()).toBe(true);
  });

  it('registers the service worker only once the map is idle, and is then ready offline', async () => {
    // Its first install downloads every file of the app: started with the page, it competed with the first map.
    w = await openWatched(browser);
    // When the page asks to register it, in the page's own clock.
    await w.context.addInitScript({content: `{
      const register = ServiceWorkerContainer.prototype.register;
      ServiceWorkerContainer.prototype.register = function (...args) {
        window.__swRegisteredAt ??= performance.now();
        return register.apply(this, args);
      };
    }`});
    await w.page.goto(`${baseUrl}?lang=en`);
    await waitForFirstIdle(w.page);
    await expect.poll(() => w!.page.locator('[data-offline-ready]').count(), {timeout: 30_000}).toBe(1);
    const [registeredAt, idleAt] = await w.page.evaluate(() => [
      (window as unknown as {__swRegisteredAt?: number}).__swRegisteredAt ?? null,
      performance.getEntriesByName('qh-map-first-idle')[0]!.startTime,
    ]);
    expect(registeredAt, 'the service worker was registered').not.toBeNull();
    expect(registeredAt!, 'the service worker registered after the first idle').toBeGreaterThanOrEqual(idleAt!);
    expect(w.errors).toEqual([]);
  });

  it('says so when a panel’s code cannot be fetched, and the rest of the app goes on', async () => {
    w = await openWatched(browser, {serviceWorkers: 'block'});
    await w.page.route(/\/assets\/DataPanel-[\w-]+\.js$/, (route) => route.abort('internetdisconnected'));
    await w.page.goto(`${baseUrl}?lang=en`);
    await waitForFirstIdle(w.page);
    await w.page.getByRole('tab', {name: 'Plots'}).click();
    const panel = w.page.locator('#panel-plots');
    await expect.poll(() => panel.getByRole('alert').filter({hasText: t('panelLoadFailed', 'en')}).isVisible()).toBe(true);
    // The tab's other panels and the other tabs are still there and working.
    expect(await panel.getByRole('button', {name: t('newPlot', 'en'), exact: true}).isVisible()).toBe(true);
    await w.page.getByRole('tab', {name: 'Layers'}).click();
    await expect.poll(() => w!.page.locator('#panel-layers').isVisible()).toBe(true);
    expect(await w.page.getByTestId('map').isVisible()).toBe(true);
  });
});
