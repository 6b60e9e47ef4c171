import {spawnSync} from 'node:child_process';
import {loadavg} from 'node:os';
import {fileURLToPath} from 'node:url';
import type {Browser, BrowserContext, Page} from 'playwright-core';
import {launch} from '../e2e/browser';
import {startAppServer} from '../e2e/preview-server';
import {putStoredPlots} from '../e2e/seed-plots';
import {PLOTS_VIEW, plotFile} from './plot-files';
import {fmt, median, percentile} from './stats';

/*
 * The browser half of issue 11's table: N synthetic plots (20–80 vertices) through the app as
 * a planner would use it, served by the team server exactly as `npm start` does, in headless
 * Chromium with SwiftShader. Every figure is measured inside the page (performance.now), with
 * its baseline from the same run; figures are printed, nothing is asserted.
 *
 * Plots are seeded for the "open" and "edit" steps straight into the app's IndexedDB (one
 * transaction per 2,000 plots), so those steps do not depend on how fast "Import N" is.
 */

const root = fileURLToPath(new URL('../..', import.meta.url));
const muIn = (text: string | null) => Number(/([\d,.]+)\s*mu/.exec(text ?? '')?.[1]?.replace(/,/g, ''));

type Options = {runs: number; importCapSeconds: number; edits: number; steps?: ReadonlySet<string>};
type BenchWindow = {__qhLongTasks: [number, number][]; __qhT0?: number; __qhFrames?: number[]; __qhFramesOn?: boolean};

/** Longest main-thread tasks, from navigation on (PerformanceObserver 'longtask'). */
export function watchLongTasks(): void {
  const w = window as unknown as BenchWindow;
  w.__qhLongTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) w.__qhLongTasks.push([e.startTime, e.duration]);
  }).observe({type: 'longtask', buffered: true});
}

async function newContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({viewport: {width: 1280, height: 800}});
  // tsx compiles this file with esbuild's keepNames, which wraps named inner functions in
  // __name(…); functions sent to the page need it defined there.
  await context.addInitScript({content: 'window.__name = (f) => f;'});
  await context.addInitScript(watchLongTasks);
  return context;
}

const now = (page: Page) => page.evaluate(() => performance.now());
export const longestTaskSince = (page: Page, since: number) =>
  page.evaluate((s) => Math.max(0, ...(window as unknown as BenchWindow).__qhLongTasks.filter(([t]) => t >= s).map(([, d]) => d)), since);

/** Resolves with performance.now() once the header total reads `mu` (to its one decimal). */
async function totalShownAt(page: Page, mu: number, timeoutMs: number): Promise<number | null> {
  try {
    const handle = await page.waitForFunction((expected) => {
      const text = document.querySelector('[data-testid="remediated-mu"]')?.textContent ?? '';
      const shown = Number(/([\d,.]+)\s*mu/.exec(text)?.[1]?.replace(/,/g, ''));
      return Math.abs(shown - expected) <= 0.051 ? performance.now() : false;
    }, mu, {polling: 'raf', timeout: timeoutMs});
    return (await handle.jsonValue()) as number;
  } catch {
    return null;
  }
}

/** Navigation → first map idle and → the header showing `mu`; the longest task over that span. */
async function openTimed(page: Page, url: string, mu: number): Promise<{idle: number; total: number; longest: number}> {
  // Through about:blank: a second goto to the same URL with a hash would only scroll, not load.
  await page.goto('about:blank');
  await page.goto(url);
  const idleHandle = await page.waitForFunction(() => performance.getEntriesByName('qh-map-first-idle')[0]?.startTime ?? false, null, {timeout: 180_000});
  let idle = (await idleHandle.jsonValue()) as number;
  // Plots reach the map in parts: idle with all of them drawn is the mark style-sync.ts leaves
  // (BENCH_PLOTS_IDLE=0 for a build from before it).
  if (mu > 0 && process.env.BENCH_PLOTS_IDLE !== '0') {
    const drawn = await page.waitForFunction(() => performance.getEntriesByName('qh-plots-idle')[0]?.startTime ?? false, null, {timeout: 180_000});
    idle = Math.max(idle, (await drawn.jsonValue()) as number);
  }
  const total = (await totalShownAt(page, mu, 180_000)) ?? NaN;
  return {idle, total, longest: await longestTaskSince(page, 0)};
}


/** rAF-to-rAF times while the map is dragged and wheel-zoomed in and out with the real mouse. */
async function panZoomFrames(page: Page): Promise<{frames: number[]; longest: number}> {
  const box = await page.locator('canvas.maplibregl-canvas').boundingBox();
  if (!box) throw new Error('no map canvas');
  const cx = box.x + box.width / 2, cy = box.y + box.height / 2;
  const since = await now(page);
  await page.evaluate(() => {
    const w = window as unknown as BenchWindow;
    w.__qhFrames = [];
    w.__qhFramesOn = true;
    let last = performance.now();
    const tick = (t: number) => {
      w.__qhFrames!.push(t - last);
      last = t;
      if (w.__qhFramesOn) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const frames = (n: number) => page.evaluate((k) => new Promise<void>((resolve) => {
    const step = () => (k-- <= 0 ? resolve() : requestAnimationFrame(step));
    step();
  }), n);
  for (const [dx, dy] of [[300, 120], [-300, -120]] as const) {
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    for (let s = 1; s <= 20; s++) await page.mouse.move(cx + (dx * s) / 20, cy + (dy * s) / 20);
    await page.mouse.up();
    await frames(20);
  }
  for (const delta of [-240, -240, -240, 240, 240, 240]) {
    await page.mouse.wheel(0, delta);
    await frames(20);
  }
  const list = await page.evaluate(() => {
    const w = window as unknown as BenchWindow;
    w.__qhFramesOn = false;
    return w.__qhFrames!.slice(1);
  });
  return {frames: list, longest: await longestTaskSince(page, since)};
}

/** The JS heap the page keeps: used size after a forced full garbage collection. */
async function heapAfterGcMB(context: BrowserContext, page: Page): Promise<number> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.detach();
  return heapMB(context, page);
}

async function heapMB(context: BrowserContext, page: Page): Promise<number> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const {metrics} = await cdp.send('Performance.getMetrics');
  await cdp.detach();
  return (metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? NaN) / 1024 / 1024;
}

const plotsTab = (page: Page) => page.getByRole('tab', {name: 'Plots'}).click();

/** File chosen → import report shown (its "importable" figure), in the page's own clock. */
async function importReport(page: Page, path: string): Promise<{ms: number; longest: number}> {
  await plotsTab(page);
  const since = await now(page);
  await page.evaluate(() => document.addEventListener('change', () => ((window as unknown as BenchWindow).__qhT0 = performance.now()), {capture: true, once: true}));
  await page.getByLabel('Import file').setInputFiles(path);
  const handle = await page.waitForFunction(() => {
    const text = document.querySelector('[data-figure="importable"]')?.textContent ?? '';
    const t0 = (window as unknown as BenchWindow).__qhT0;
    return /^\d+$/.test(text) && t0 !== undefined ? performance.now() - t0 : false;
  }, null, {polling: 'raf', timeout: 300_000});
  return {ms: (await handle.jsonValue()) as number, longest: await longestTaskSince(page, since)};
}

/** One form save: status planned → remediated with a date; Save clicked → header total changed. */
async function timedSave(page: Page, name: string): Promise<number> {
  // A long list draws only the rows in view: find the plot with the list's search.
  const search = page.locator('input.plot-search');
  if (await search.count()) await search.fill(name);
  const row = page.locator('.plot-list > li').filter({has: page.locator('.plot-name', {hasText: new RegExp(`^${name}$`)})});
  await row.locator('.plot-row').click();
  await row.getByRole('button', {name: 'Edit details'}).click();
  const form = page.getByRole('dialog', {name: 'Plot details'});
  await form.getByLabel('Status').selectOption('remediated');
  await form.getByLabel('Completed').fill('2025-06-30');
  return page.evaluate(() => new Promise<number>((resolve) => {
    const total = document.querySelector('[data-testid="remediated-mu"]')!;
    const before = total.textContent;
    const dialog = document.querySelector('[role="dialog"][aria-label="Plot details"], [role="dialog"]');
    const save = [...(dialog?.querySelectorAll('button') ?? [])].find((b) => b.textContent?.trim() === 'Save');
    if (!save) return resolve(NaN);
    const timer = setTimeout(() => resolve(NaN), 30_000);
    const t0 = performance.now();
    const observer = new MutationObserver(() => {
      if (total.textContent === before) return;
      observer.disconnect();
      clearTimeout(timer);
      resolve(performance.now() - t0);
    });
    observer.observe(total, {characterData: true, childList: true, subtree: true});
    save.click();
  }));
}

function cliTally(path: string): {ms: number; mu: number} {
  const args = ['src/cli/launch.mjs', 'tally', '--json', path];
  spawnSync(process.execPath, args, {cwd: root, maxBuffer: 1 << 28}); // builds the bundle if needed
  const times: number[] = [];
  let out = '';
  for (let r = 0; r < 3; r++) {
    const start = performance.now();
    out = spawnSync(process.execPath, args, {cwd: root, encoding: 'utf8', maxBuffer: 1 << 28}).stdout;
    times.push(performance.now() - start);
  }
  return {ms: median(times), mu: (JSON.parse(out) as {remediatedMu: number}).remediatedMu};
}

/** Prints the table's browser rows for `count` plots. */
export async function benchBrowser(count: number, options: Options): Promise<void> {
  // BENCH_STEPS=open,pan,import,edit (all by default) picks the steps; the baselines always run.
  const has = (step: string) => !options.steps || options.steps.has(step);
  const {path, plots} = plotFile(count);
  const cli = cliTally(path);
  const port = Number(process.env.E2E_PORT ?? 4195);
  const server = await startAppServer(port);
  const browser = await launch({gpuCompositing: true});
  const url = `${server.url}?lang=en${PLOTS_VIEW}`;
  const say = (line: string) => console.log(line);
  say(`\n== browser, ${count.toLocaleString('en')} plots (${path}), team server, headless Chromium + SwiftShader (GPU compositing), ${options.runs} runs, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  say(`CLI tally --json, whole process         ${fmt(cli.ms)}  (${cli.mu.toFixed(1)} mu; the baseline for the import report)`);
  try {
    // Baselines: the empty app.
    const empty = {idle: [] as number[], total: [] as number[], longest: [] as number[]};
    let emptyFrames: number[] = [];
    for (let r = 0; r < options.runs; r++) {
      const context = await newContext(browser);
      const page = await context.newPage();
      const o = await openTimed(page, url, 0);
      empty.idle.push(o.idle);
      empty.total.push(o.total);
      empty.longest.push(o.longest);
      if (r === 0) emptyFrames = (await panZoomFrames(page)).frames;
      await context.close();
    }

    // Import: file chosen → report.
    const report = {ms: [] as number[], longest: [] as number[]};
    for (let r = 0; r < (has('import') ? options.runs : 0); r++) {
      const context = await newContext(browser);
      const page = await context.newPage();
      await openTimed(page, url, 0);
      const one = await importReport(page, path);
      report.ms.push(one.ms);
      report.longest.push(one.longest);
      if (r < options.runs - 1) await context.close();
      else {
        // The last one goes on: "Import N plots" → all stored and the total shown, capped.
        const since = await now(page);
        await page.evaluate(() => document.addEventListener('click', () => ((window as unknown as BenchWindow).__qhT0 = performance.now()), {capture: true, once: true}));
        await page.getByRole('button', {name: /^Import \d+ plots?$/}).click();
        const at = await totalShownAt(page, cli.mu, options.importCapSeconds * 1000);
        const t0 = await page.evaluate(() => (window as unknown as BenchWindow).__qhT0!);
        const shown = muIn(await page.getByTestId('remediated-mu').textContent());
        const longest = await longestTaskSince(page, since);
        const heap = await heapMB(context, page);
        say(`import: file chosen → report shown       median ${fmt(median(report.ms))}  (${report.ms.map(fmt).join(', ')}) = ${(median(report.ms) / cli.ms).toFixed(2)} × CLI; longest task ${fmt(Math.max(...report.longest))}`);
        say(at === null
          ? `import: "Import N" → stored + total       not done after ${options.importCapSeconds} s: ${shown.toFixed(1)} of ${cli.mu.toFixed(1)} mu shown (${((100 * shown) / cli.mu).toFixed(1)} %); longest task ${fmt(longest)}; JS heap ${heap.toFixed(0)} MB`
          : `import: "Import N" → stored + total       ${fmt(at - t0)}; longest task ${fmt(longest)}; JS heap ${heap.toFixed(0)} MB`);
        await context.close();
      }
    }

    // Open with N stored, against the empty app; then pan/zoom, memory and form saves there.
    const context = await newContext(browser);
    const page = await context.newPage();
    await openTimed(page, url, 0);
    await putStoredPlots(page, plots);
    const full = {idle: [] as number[], total: [] as number[], longest: [] as number[]};
    for (let r = 0; r < options.runs; r++) {
      const o = await openTimed(page, url, cli.mu);
      full.idle.push(o.idle);
      full.total.push(o.total);
      full.longest.push(o.longest);
    }
    const ready = (o: typeof full) => o.idle.map((t, i) => Math.max(t, o.total[i]!));
    say(`open: empty app → map idle + total       median ${fmt(median(ready(empty)))}  (idle ${empty.idle.map(fmt).join(', ')}); longest task ${fmt(Math.max(...empty.longest))}`);
    say(`open: ${count} stored → map idle + total  median ${fmt(median(ready(full)))}  (idle ${full.idle.map(fmt).join(', ')}; total ${full.total.map(fmt).join(', ')}) = ${(median(ready(full)) / median(ready(empty))).toFixed(2)} × empty; longest task ${fmt(Math.max(...full.longest))}`);
    say(`memory: JS heap with ${count} stored, open   ${(await heapMB(context, page)).toFixed(0)} MB; after a full GC ${(await heapAfterGcMB(context, page)).toFixed(0)} MB`);
    const pan = has('pan') ? await panZoomFrames(page) : {frames: [NaN], longest: NaN};
    say(`pan/zoom frame time p95                  ${fmt(percentile(pan.frames, 0.95))} with ${count} plots vs ${fmt(percentile(emptyFrames, 0.95))} with 0 (medians ${fmt(median(pan.frames))} vs ${fmt(median(emptyFrames))}; ${pan.frames.length} / ${emptyFrames.length} frames); longest task ${fmt(pan.longest)}`);

    if (options.edits > 0 && has('edit')) {
      await plotsTab(page);
      const since = await now(page);
      const planned = plots.filter((p) => p.properties.status === 'planned').slice(0, options.edits);
      const saves: number[] = [];
      for (const p of planned) saves.push(await timedSave(page, p.properties.name));
      const ok = saves.filter((s) => Number.isFinite(s));
      say(`edit: form save → total updated          p95 ${fmt(percentile(ok, 0.95))}, median ${fmt(median(ok))}, max ${fmt(Math.max(...ok))} (${ok.length} of ${saves.length} saves changed the total within 30 s); longest task ${fmt(await longestTaskSince(page, since))}`);
    }
    await context.close();
  } finally {
    await browser.close();
    await server.stop();
  }
}
