// One open of the built app with N plots stored, not part of `npm run bench`: `tsx tests/bench/trace-open.ts [N]`
// (`npx vite build --sourcemap` first) takes a Chromium trace and a CPU profile together and prints the main
// thread's longest tasks (TASKS=4), each with the trace events in it and the functions that held it (TOP=30,
// source-mapped), beside the long tasks the page's own observer saw (what the benchmark counts: a trace also
// holds tasks of the page navigated away from, such as its widget's shutdown). TRACE_OUT=file keeps the trace.
import {readFileSync, writeFileSync} from 'node:fs';
import {SourceMapConsumer} from 'source-map-js';
import {launch} from '../e2e/browser';
import {startAppServer} from '../e2e/preview-server';
import {putStoredPlots} from '../e2e/seed-plots';
import {watchLongTasks} from './browser.bench';
import {PLOTS_VIEW, plotFile} from './plot-files';

type PNode = {id: number; callFrame: {functionName: string; url: string; lineNumber: number; columnNumber: number}; children?: number[]};
type Profile = {nodes: PNode[]; startTime: number; samples: number[]; timeDeltas: number[]};
const maps = new Map<string, SourceMapConsumer | null>();
const mapped = (f: PNode['callFrame']): string => {
  const file = f.url.split('/').pop() ?? '';
  if (!file.endsWith('.js') && !file.endsWith('.mjs')) return `${f.functionName || '(anon)'}`;
  if (!maps.has(file)) {
    try {
      maps.set(file, new SourceMapConsumer(JSON.parse(readFileSync(`dist/assets/${file}.map`, 'utf8'))));
    } catch {
      maps.set(file, null);
    }
  }
  const m = maps.get(file);
  const o = m?.originalPositionFor({line: f.lineNumber + 1, column: f.columnNumber});
  const src = o?.source ? `${o.source.replace(/^.*node_modules\//, '').replace(/^(\.\.\/)+/, '')}:${o.line}` : `${file}:${f.lineNumber}`;
  return `${o?.name ?? f.functionName ?? '(anon)'} ${src}`;
};
type Ev = {name: string; ph: string; ts: number; dur?: number; tdur?: number; pid: number; tid: number; args?: {name?: string; data?: Record<string, unknown>}};
const count = Number(process.argv[2] ?? 10_000);
const {plots} = plotFile(count);
const server = await startAppServer(Number(process.env.E2E_PORT ?? 4195));
const browser = await launch({gpuCompositing: true});
const url = `${server.url}?lang=en${PLOTS_VIEW}`;
const context = await browser.newContext({viewport: {width: 1280, height: 800}});
await context.addInitScript({content: 'window.__name = (f) => f;'});
await context.addInitScript(watchLongTasks);
const page = await context.newPage();
const idle = () => page.waitForFunction(() => performance.getEntriesByName('qh-map-first-idle').length > 0, null, {timeout: 300_000});
try {
  await page.goto(url);
  await idle();
  if (count > 0) await putStoredPlots(page, plots);
  await page.goto('about:blank');
  const cdp = await context.newCDPSession(page);
  const events: Ev[] = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...(e.value as unknown as Ev[])));
  const done = new Promise<void>((r) => cdp.once('Tracing.tracingComplete', () => r()));
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', {interval: 500});
  await cdp.send('Profiler.start');
  await cdp.send('Tracing.start', {categories: 'devtools.timeline,disabled-by-default-devtools.timeline,toplevel,v8,blink.user_timing,disabled-by-default-devtools.timeline.stack', transferMode: 'ReportEvents'} as never);
  await page.goto(url);
  await idle();
  if (count > 0) await page.waitForFunction(() => performance.getEntriesByName('qh-plots-idle').length > 0 && /[1-9]/.test(document.querySelector('[data-testid="remediated-mu"]')?.textContent ?? ''), null, {timeout: 300_000});
  const {profile} = (await cdp.send('Profiler.stop')) as unknown as {profile: Profile};
  await cdp.send('Tracing.end');
  await done;
  const seen = await page.evaluate(() => (window as unknown as {__qhLongTasks: [number, number][]}).__qhLongTasks);
  console.log(`longtask entries (start, ms): ${seen.sort((a, b) => b[1] - a[1]).slice(0, 8).map(([t, d]) => `${t.toFixed(0)}:${d.toFixed(0)}`).join('  ')}`);
  if (process.env.TRACE_OUT) writeFileSync(process.env.TRACE_OUT, JSON.stringify(events));
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && events.some((x) => x.pid === e.pid && x.name === 'FireAnimationFrame'));
  const mine = events.filter((e) => main && e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined);
  const nav = events.find((e) => e.name === 'navigationStart' && e.pid === main?.pid)?.ts ?? mine[0]!.ts;
  // Thread time (tdur) as well as wall time: on a loaded machine a task's wall time is mostly waiting for a core.
  const cpu = (e: Ev) => (process.env.BY_WALL ? e.dur! : e.tdur ?? e.dur!);
  const tasks = mine.filter((e) => e.name === 'RunTask').sort((a, b) => cpu(b) - cpu(a)).slice(0, Number(process.env.TASKS ?? 4));
  const marks = await page.evaluate(() => ['qh-map-first-idle', 'qh-plots-idle'].map((n) => Math.round(performance.getEntriesByName(n)[0]?.startTime ?? NaN)));
  const all = mine.filter((e) => e.name === 'RunTask' && e.ts >= nav);
  console.log(`first idle ${marks[0]} ms, plots idle ${marks[1]} ms; main thread ${(all.reduce((n, e) => n + (e.tdur ?? 0), 0) / 1000).toFixed(0)} ms of thread time in tasks (${(all.reduce((n, e) => n + e.dur!, 0) / 1000).toFixed(0)} ms wall)`);
  console.log(`longest tasks, thread ms (wall ms) @ start: ${tasks.map((t) => `${(cpu(t) / 1000).toFixed(0)} (${(t.dur! / 1000).toFixed(0)}) @${((t.ts - nav) / 1000).toFixed(0)}`).join('  ')}`);
  for (const t of tasks) {
    console.log(`\nTASK ${(cpu(t) / 1000).toFixed(0)} ms of thread time, ${(t.dur! / 1000).toFixed(0)} ms wall, at ${((t.ts - nav) / 1000).toFixed(0)} ms`);
    const inside = mine.filter((e) => e !== t && e.ts >= t.ts && e.ts + e.dur! <= t.ts + t.dur!);
    // direct children and grandchildren with a name that says something
    const depth = (e: Ev) => inside.filter((o) => o !== e && o.ts <= e.ts && o.ts + o.dur! >= e.ts + e.dur! && o.dur! > e.dur!).length;
    for (const e of inside.filter((x) => x.dur! > 4000).sort((a, b) => a.ts - b.ts)) {
      const d = depth(e);
      if (d > 3) continue;
      const data = e.args?.data ?? {};
      const what = [data.functionName, data.url ? String(data.url).split('/').pop() : '', data.lineNumber, data.type, data.message].filter((x) => x !== undefined && x !== '').join(' ');
      console.log(`${'  '.repeat(d)}${(e.dur! / 1000).toFixed(0).padStart(4)} ms +${((e.ts - t.ts) / 1000).toFixed(0)} ${e.name} ${what}`);
    }
    // the CPU samples in the task: inclusive time per function
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    let at = profile.startTime;
    const incl = new Map<string, number>();
    for (let i = 0; i < profile.samples.length; i++) {
      at += profile.timeDeltas[i]!;
      const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
      if (at < t.ts || at > t.ts + t.dur!) continue;
      const seen = new Set<string>();
      for (let c: number | undefined = profile.samples[i]; c !== undefined; c = parent.get(c)) {
        const k = mapped(byId.get(c)!.callFrame);
        if (seen.has(k)) continue;
        seen.add(k);
        incl.set(k, (incl.get(k) ?? 0) + dt);
      }
    }
    for (const [k, v] of [...incl].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.TOP ?? 30))) console.log(`    ${v.toFixed(0).padStart(4)}  ${k}`);
  }
} finally {
  await browser.close();
  await server.stop();
}
