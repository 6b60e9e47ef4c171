import {afterAll, beforeAll} from 'vitest';
import type {Browser, BrowserContext, Page} from 'playwright-core';
import {launch, waitForFirstIdle} from './browser';

/**
 * The file's Chromium, shared by its tests: launched before the first and closed after the
 * last (vitest hooks registered where this is called, at the top of an e2e file). The handle
 * stands for the browser itself, so tests call `browser.newContext()` or pass it to
 * `openWatched(browser)` as they would a launched one.
 */
export function sharedBrowser(): Browser {
  let current: Browser | undefined;
  beforeAll(async () => {
    current = await launch();
  });
  afterAll(async () => {
    await current?.close();
  });
  return new Proxy({} as Browser, {
    get(_, key) {
      if (!current) throw new Error('sharedBrowser(): the browser is used before beforeAll launched it');
      const value: unknown = Reflect.get(current, key, current);
      return typeof value === 'function' ? value.bind(current) : value;
    },
  });
}

/** Opens `url` in a new page of `context`, waits for the map's first idle, then opens the Plots tab. */
export async function openOnPlotsTab(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url);
  await waitForFirstIdle(page);
  await page.getByRole('tab', {name: 'Plots'}).click();
  return page;
}

/**
 * Resolves once the page has drawn two frames after whatever it was handling (input, a store
 * update): a condition on the page's own loop, not a time. Only for the page in front: a page
 * in a background tab of its context draws no frames, so this would never resolve there.
 */
export async function afterNextFrames(page: Page): Promise<void> {
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
}
