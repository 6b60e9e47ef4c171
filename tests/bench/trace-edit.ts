import {existsSync, readFileSync, readdirSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import type {Page} from 'playwright-core';
import {SourceMapConsumer} from 'source-map-js';
import {launch} from '../e2e/browser';
import {putStoredPlots} from '../e2e/seed-plots';
import {startAppServer} from '../e2e/preview-server';
import {PLOTS_VIEW, plotFile} from './plot-files';

/*
 * A Chrome trace of form saves with N plots stored (not part of `npm run bench`):
 * `tsx tests/bench/trace-edit.ts [N] [saves]` seeds N plots, makes one save untraced (the first
 * selection), then traces `saves` more, each from the Save click to the header total changing
 * (the moments browser.bench.ts times, marked `qh-save-click` / `qh-total-shown`). For each save
 * it prints what every thread did in between: the main thread's tasks with their biggest
 * children, the workers' and the GPU's busy time, and IndexedDB's events. With a build made by
 * `vite build --sourcemap`, function names are mapped to their sources. The trace goes to
 * PROFILE_OUT (the temp folder by default).
 */
type TraceEvent = {name: string; cat?: string; ph: string; ts: number; dur?: number; tid: number; pid: number; args?: {name?: string; data?: {url?: string; functionName?: string; lineNumber?: number; columnNumber?: number}}};

const count = Number(process.argv[2] ?? 10_000);
const saves = Number(process.argv[3] ?? 5);
const {plots} = plotFile(count);
const root = fileURLToPath(new URL('../..', import.meta.url));
const server = await startAppServer(Number(process.env.E2E_PORT ?? 4195));
const browser = await launch({gpuCompositing: true});
const out = `${process.env.PROFILE_OUT ?? '/tmp'}/qh-edit-${count}.trace.json`;
const idle = (p: Page) => p.waitForFunction(() => performance.getEntriesByName('qh-map-first-idle').length > 0, null, {timeout: 300_000});


/** One save as browser.bench.ts times it; returns the milliseconds from the click to the changed total. */
async function save(page: Page, name: string): Promise<number> {
  await page.locator('input.plot-search').fill(name);
  const since = await page.evaluate(() => performance.now());
  const row = page.locator('.plot-list > li').filter({has: page.locator('.plot-name', {hasText: new RegExp(`^${name}$`)})});
  await row.locator('.plot-row').click();
  await row.getByRole('button', {name: 'Edit details'}).click();
  const form = page.getByRole('dialog', {name: 'Plot details'});
  await form.getByLabel('Status').selectOption('remediated');
  await form.getByLabel('Completed').fill('2025-06-30');
  const ms = await page.evaluate(() => new Promise<number>((resolve) => {
    const total = document.querySelector('[data-testid="remediated-mu"]')!;
    const before = total.textContent;
    const dialog = document.querySelector('[role="dialog"][aria-label="Plot details"]');
    const button = [...(dialog?.querySelectorAll('button') ?? [])].find((b) => b.textContent?.trim() === 'Save')!;
    const t0 = performance.now();
    const observer = new MutationObserver(() => {
      if (total.textContent === before) return;
      observer.disconnect();
      performance.mark('qh-total-shown');
      resolve(performance.now() - t0);
    });
    observer.observe(total, {characterData: true, childList: true, subtree: true});
    performance.mark('qh-save-click');
    button.click();
  }));
  // WebGL programs linked from the row's click to the total (a layer drawn only once a plot is selected).
  const links = await page.evaluate((s) => (window as unknown as {__links: [number, string][]}).__links.filter(([t]) => t >= s), since);
  if (links.length) console.log(`  ${links.length} program(s) linked since the row was clicked: ${links.map(([t, n]) => `+${(t - since).toFixed(0)} ms ${n}`).join('; ')}`);
  return ms;
}

/** Records every WebGL program link with the defines of its shaders (as count-programs.ts names them). */
const linkProbe = `(() => {
  const P = WebGL2RenderingContext.prototype;
  window.__links = [];
  const src = new WeakMap(), attached = new WeakMap();
  const origSource = P.shaderSource;
  P.shaderSource = function (sh, text) { src.set(sh, text); return origSource.call(this, sh, text); };
  const origAttach = P.attachShader;
  P.attachShader = function (prog, sh) { (attached.get(prog) ?? attached.set(prog, []).get(prog)).push(src.get(sh) ?? ''); return origAttach.call(this, prog, sh); };
  const origLink = P.linkProgram;
  P.linkProgram = function (prog) {
    const t = performance.now();
    try { return origLink.call(this, prog); } finally {
      const texts = attached.get(prog) ?? [];
      const defines = [...new Set(texts.join('\\n').match(/#define [A-Z_a-z0-9]+/g) ?? [])].map((d) => d.slice(8)).filter((d) => !/^(EXTENT|PI|SDF_PX|DEVICE_PIXEL_RATIO|scale|LINE_DISTANCE_SCALE|MAX_LINE_DISTANCE|ANTIALIASING|OVERDRAW_INSPECTOR|lowp|mediump|highp|GLOBE|TERRAIN3D)$/.test(d));
      const uniforms = (texts[1] ?? '').match(/uniform [a-z0-9]+ u_[a-z_]+/g)?.slice(0, 3).map((u) => u.split(' ')[2]) ?? [];
      window.__links.push([t, (performance.now() - t).toFixed(0) + ' ms ' + defines.join(',') + ' | ' + uniforms.join(',')]);
    }
  };
})();`;

const times: number[] = [];
try {
  const context = await browser.newContext({viewport: {width: 1280, height: 800}});
  await context.addInitScript({content: linkProbe});
  const page = await context.newPage();
  await page.goto(`${server.url}?lang=en${PLOTS_VIEW}`);
  await idle(page);
  await putStoredPlots(page, plots);
  await page.goto('about:blank');
  await page.goto(`${server.url}?lang=en${PLOTS_VIEW}`);
  await idle(page);
  await page.waitForFunction(() => /[1-9]/.test(document.querySelector('[data-testid="remediated-mu"]')?.textContent ?? ''), null, {timeout: 300_000});
  await page.getByRole('tab', {name: 'Plots'}).click();
  const planned = plots.filter((q) => q.properties.status === 'planned');
  console.log(`untraced first save: ${(await save(page, planned[0]!.properties.name)).toFixed(0)} ms`);
  await page.waitForTimeout(1500);
  await browser.startTracing(page, {path: out, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'toplevel', 'blink', 'blink.user_timing', 'IndexedDB', 'gpu']});
  for (const p of planned.slice(1, 1 + saves)) {
    times.push(await save(page, p.properties.name));
    await page.waitForTimeout(1500);
  }
  await browser.stopTracing();
} finally {
  await browser.close();
  await server.stop();
}
console.log(`traced saves: ${times.map((t) => t.toFixed(0)).join(', ')} ms; trace ${out}`);

// Source maps of the build, if it has them: minified positions → original file:line.
const assets = `${root}dist/assets`;
const maps = new Map<string, SourceMapConsumer>();
if (existsSync(assets)) {
  for (const f of readdirSync(assets).filter((n) => n.endsWith('.js.map'))) maps.set(f.slice(0, -4), new SourceMapConsumer(JSON.parse(readFileSync(`${assets}/${f}`, 'utf8'))));
}
const where = (d: NonNullable<NonNullable<TraceEvent['args']>['data']>) => {
  const file = (d.url ?? '').split('/').pop() ?? '';
  const map = maps.get(file);
  if (map && d.lineNumber !== undefined) {
    const o = map.originalPositionFor({line: d.lineNumber, column: Math.max(0, (d.columnNumber ?? 1) - 1)});
    if (o.source) return `${o.name ?? d.functionName ?? ''} ${o.source.replace(/^.*?(src|node_modules)\//, '$1/')}:${o.line}`;
  }
  return `${d.functionName ?? ''} ${file}:${d.lineNumber ?? ''}`;
};

const {traceEvents} = JSON.parse(readFileSync(out, 'utf8')) as {traceEvents: TraceEvent[]};
const threadNames = new Map<string, string>();
for (const e of traceEvents) if (e.ph === 'M' && e.name === 'thread_name') threadNames.set(`${e.pid}:${e.tid}`, e.args?.name ?? '?');
const key = (e: TraceEvent) => `${e.pid}:${e.tid}`;
const complete = traceEvents.filter((e) => e.ph === 'X' && e.dur !== undefined);
const tasks = complete.filter((e) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask');
// A worker thread is named after the script it runs most.
const scripts = new Map<string, Map<string, number>>();
for (const e of complete) {
  const url = e.args?.data?.url;
  if (!url || (e.name !== 'FunctionCall' && e.name !== 'EvaluateScript')) continue;
  const m = scripts.get(key(e)) ?? scripts.set(key(e), new Map()).get(key(e))!;
  const f = url.split('/').pop()!;
  m.set(f, (m.get(f) ?? 0) + e.dur!);
}
const nameOf = (k: string) => {
  const n = threadNames.get(k) ?? k;
  const s = scripts.get(k);
  if (!s || n === 'CrRendererMain') return n;
  return `${n} (${[...s].sort((a, b) => b[1] - a[1])[0]![0].replace(/-[\w-]{8}\.js$/, '')})`;
};
const label = (e: TraceEvent) => (e.args?.data?.functionName !== undefined || e.args?.data?.url ? `${e.name} ${where(e.args!.data!)}` : e.name);
const marks = (name: string) => traceEvents.filter((e) => e.name === name && (e.ph === 'R' || e.ph === 'I' || e.ph === 'n' || e.ph === 'b' || e.ph === 'X')).map((e) => e.ts).sort((a, b) => a - b);
const clicks = marks('qh-save-click');
const shown = marks('qh-total-shown');
const mainKeys = new Set([...threadNames].filter(([, n]) => n === 'CrRendererMain').map(([k]) => k));
const ms = (us: number) => (us / 1000).toFixed(1);

clicks.forEach((t0, i) => {
  const t1 = shown.find((t) => t > t0) ?? t0;
  console.log(`\n== save ${i + 1}: ${ms(t1 - t0)} ms from the click to the total`);
  const within = (e: TraceEvent) => e.ts < t1 && e.ts + e.dur! > t0;
  for (const task of tasks.filter((e) => mainKeys.has(key(e)) && within(e)).sort((a, b) => a.ts - b.ts)) {
    const inside = complete.filter((e) => key(e) === key(task) && e !== task && e.ts >= task.ts && e.ts + e.dur! <= task.ts + task.dur! && e.name !== 'RunTask');
    const byName = new Map<string, number>();
    for (const e of inside) byName.set(label(e), (byName.get(label(e)) ?? 0) + e.dur!);
    const top = [...byName].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([n, d]) => `${n.trim()} ${ms(d)}`);
    if (task.dur! >= 1000) console.log(`  main +${ms(task.ts - t0).padStart(6)} ${ms(task.dur!).padStart(6)}: ${top.join(' | ')}`);
  }
  const busy = new Map<string, number>();
  for (const t of tasks.filter((e) => !mainKeys.has(key(e)) && within(e))) busy.set(key(t), (busy.get(key(t)) ?? 0) + Math.min(t.ts + t.dur!, t1) - Math.max(t.ts, t0));
  console.log(`  other threads busy (ms): ${[...busy].filter(([, d]) => d >= 500).sort((a, b) => b[1] - a[1]).map(([k, d]) => `${nameOf(k)} ${ms(d)}`).join(' | ')}`);
  // When each worker ran within the window (first start → last end of its tasks).
  for (const [k] of [...busy].filter(([k2, d]) => d >= 500 && /Worker/.test(threadNames.get(k2) ?? ''))) {
    const ts = tasks.filter((e) => key(e) === k && within(e));
    console.log(`    ${nameOf(k)}: ${ts.filter((e) => e.dur! >= 300).map((e) => `+${ms(e.ts - t0)}…${ms(e.dur!)}`).join(' ')}`);
  }
  const idb = complete.filter((e) => (e.cat ?? '').includes('IndexedDB') && within(e));
  const byName = new Map<string, [number, number]>();
  for (const e of idb) {
    const was = byName.get(e.name) ?? [Infinity, 0];
    byName.set(e.name, [Math.min(was[0], e.ts - t0), Math.max(was[1], e.ts + e.dur! - t0)]);
  }
  console.log(`  IndexedDB: ${[...byName].sort((a, b) => a[1][0] - b[1][0]).slice(0, 12).map(([n, [a, b]]) => `${n} +${ms(a)}…+${ms(b)}`).join(' | ')}`);
});
