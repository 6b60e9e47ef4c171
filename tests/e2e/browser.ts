import {existsSync} from 'node:fs';
import {chromium} from 'playwright-core';
import type {Browser, BrowserContext, Page} from 'playwright-core';

/** Debian's Chromium (apt-get install chromium); playwright's own downloads are not used. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export type LaunchOptions = {
  /**
   * Composite the page on the (SwiftShader) GPU as a real device does, instead of in software.
   * Benchmarks use it: with software compositing every map frame forces a synchronous WebGL
   * read-back on the main thread ("Commit" tasks of 100–330 ms waiting on the GPU thread), which
   * delayed an IndexedDB save's completion by ~1.4 s behind five map frames (trace, stop 13).
   * Saves with 10k plots took 135–227 ms with GPU compositing and 239–585 ms without
   * (interleaved A/B, load 2). The e2e suite keeps software compositing: it reaches first idle
   * sooner on a loaded CI machine (numbers below). `QH_GPU_COMPOSITING=1|0` overrides either.
   */
  gpuCompositing?: boolean;
};

export async function launch(options: LaunchOptions = {}): Promise<Browser> {
  const env = process.env.QH_GPU_COMPOSITING;
  const gpuCompositing = env === '1' ? true : env === '0' ? false : (options.gpuCompositing ?? false);
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
      // The page's compositor draws in software (Skia) instead of through SwiftShader's GL
      // as well: WebGL still renders in SwiftShader, but the compositing of every frame no
      // longer goes through a second emulated GPU. A map reached first idle in 4.0–4.6 s
      // with it against 5.7–10.5 s without (6 loads each, interleaved, load 15; stop 12).
      ...(gpuCompositing ? [] : ['--disable-gpu-compositing']),
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

export type Watched = {
  page: Page;
  context: BrowserContext;
  /** Every URL the page and its workers asked for. */
  requests: string[];
  /** Console errors and uncaught page errors. */
  errors: string[];
};

export async function openWatched(browser: Browser, options: Parameters<Browser['newContext']>[0] = {}): Promise<Watched> {
  const context = await browser.newContext({viewport: {width: 1280, height: 800}, ...options});
  const page = await context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return {page, context, requests, errors};
}

/** Resolves when the app marks the map's first `idle`, with milliseconds since navigation. */
export async function waitForFirstIdle(page: Page, timeoutMs = 60_000): Promise<number> {
  await page.waitForFunction(() => performance.getEntriesByName('qh-map-first-idle').length > 0, null, {timeout: timeoutMs});
  return page.evaluate(() => performance.getEntriesByName('qh-map-first-idle')[0]!.startTime);
}

/** Waits for the map to settle after a change (MapLibre's `idle`). */
export async function waitForIdle(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const map = (window as unknown as {qhMap: {loaded(): boolean; once(e: string, f: () => void): void; triggerRepaint(): void}}).qhMap;
        map.once('idle', () => resolve());
        map.triggerRepaint();
      }),
  );
}
