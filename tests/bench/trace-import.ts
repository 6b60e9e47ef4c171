import {readFileSync} from 'node:fs';
import {launch} from '../e2e/browser';
import {startAppServer} from '../e2e/preview-server';
import {PLOTS_VIEW, plotFile} from './plot-files';

/*
 * A Chrome trace of "Import N plots" (not part of `npm run bench`): `tsx tests/bench/trace-import.ts [N]`
 * chooses the file, waits for the report, starts tracing, clicks "Import N plots", stops once the
 * header shows a total and the report is gone, writes the trace (open it in DevTools' Performance
 * panel or ui.perfetto.dev) to PROFILE_OUT (the temp folder by default) and prints the longest
 * main-thread tasks with their biggest children, and the busy time of every other thread.
 */
type TraceEvent = {name: string; ph: string; ts: number; dur?: number; tid: number; pid: number; args?: {name?: string; data?: {url?: string; functionName?: string}}};

const count = Number(process.argv[2] ?? 10_000);
const {path} = plotFile(count);
const server = await startAppServer(Number(process.env.E2E_PORT ?? 4195));
const browser = await launch({gpuCompositing: true});
const out = `${process.env.PROFILE_OUT ?? '/tmp'}/qh-import-${count}.trace.json`;
try {
  const context = await browser.newContext({viewport: {width: 1280, height: 800}});
  const page = await context.newPage();
  await page.goto(`${server.url}?lang=en${PLOTS_VIEW}`);
  await page.waitForFunction(() => performance.getEntriesByName('qh-map-first-idle').length > 0, null, {timeout: 300_000});
  await page.getByRole('tab', {name: 'Plots'}).click();
  await page.getByLabel('Import file').setInputFiles(path);
  await page.waitForFunction(() => /^\d+$/.test(document.querySelector('[data-figure="importable"]')?.textContent ?? ''), null, {timeout: 300_000});
  await browser.startTracing(page, {path: out, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'toplevel', 'blink', 'IndexedDB']});
  const t0 = Date.now();
  await page.getByRole('button', {name: /^Import \d+ plots?$/}).click();
  await page.waitForFunction(() => !document.querySelector('[data-figure="importable"]'), null, {timeout: 600_000, polling: 500});
  await page.waitForFunction(() => document.querySelector('[data-testid="remediated-mu"]')?.getAttribute('aria-busy') !== 'true'
    && /[1-9]/.test(document.querySelector('[data-testid="remediated-mu"]')?.textContent ?? ''), null, {timeout: 600_000, polling: 500});
  console.log(`import ${count}: ${((Date.now() - t0) / 1000).toFixed(1)} s from the click to the total (wall clock, tracing on)`);
  await browser.stopTracing();
} finally {
  await browser.close();
  await server.stop();
}

const {traceEvents} = JSON.parse(readFileSync(out, 'utf8')) as {traceEvents: TraceEvent[]};
const threadNames = new Map<string, string>();
for (const e of traceEvents) if (e.ph === 'M' && e.name === 'thread_name') threadNames.set(`${e.pid}:${e.tid}`, e.args?.name ?? '?');
const complete = traceEvents.filter((e) => e.ph === 'X' && e.dur !== undefined);
const key = (e: TraceEvent) => `${e.pid}:${e.tid}`;
const tasks = complete.filter((e) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask');
const mainKeys = new Set([...threadNames].filter(([, n]) => n === 'CrRendererMain').map(([k]) => k));
const label = (e: TraceEvent) => {
  const d = e.args?.data;
  return d?.functionName || d?.url ? `${e.name} ${d.functionName ?? ''} ${(d.url ?? '').split('/').pop()}` : e.name;
};
console.log(`trace: ${out}`);
console.log('longest main-thread tasks (ms) and their biggest children:');
const mainTasks = tasks.filter((e) => mainKeys.has(key(e))).sort((a, b) => b.dur! - a.dur!);
for (const task of mainTasks.slice(0, 12)) {
  const inside = complete.filter((e) => key(e) === key(task) && e !== task && e.ts >= task.ts && e.ts + e.dur! <= task.ts + task.dur!);
  const byName = new Map<string, number>();
  for (const e of inside) byName.set(label(e), Math.max(byName.get(label(e)) ?? 0, e.dur!));
  const top = [...byName].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([n, d]) => `${n.trim()} ${(d / 1000).toFixed(0)}`);
  console.log(`  ${(task.dur! / 1000).toFixed(0).padStart(6)} at +${((task.ts - mainTasks.reduce((m, t) => Math.min(m, t.ts), Infinity)) / 1e6).toFixed(1)} s: ${top.join(' | ')}`);
}
console.log('busy time per thread (sum of top-level tasks, s):');
const busy = new Map<string, number>();
for (const t of tasks) busy.set(key(t), (busy.get(key(t)) ?? 0) + t.dur!);
for (const [k, d] of [...busy].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`  ${(d / 1e6).toFixed(2).padStart(7)}  ${threadNames.get(k) ?? k}`);
