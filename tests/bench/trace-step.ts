// A Chrome trace of one step with N plots (not part of `npm run bench`): `tsx tests/bench/trace-step.ts open|report|import [N]` (open: the empty app)
// prints the main thread's tasks over 100 ms with their heaviest child events, so a long task can be named.
import {writeFileSync} from 'node:fs';
import {launch} from '../e2e/browser';
import {startAppServer} from '../e2e/preview-server';
import {PLOTS_VIEW, plotFile} from './plot-files';

type TraceEvent = {name: string; ph: string; ts: number; dur?: number; pid: number; tid: number; args?: {data?: {url?: string; functionName?: string}; name?: string}};
const step = process.argv[2] ?? 'report';
const count = Number(process.argv[3] ?? 10_000);
const {path} = plotFile(step === 'open' ? 10 : count);
const server = await startAppServer(Number(process.env.E2E_PORT ?? 4196));
const browser = await launch({gpuCompositing: true});
try {
  const context = await browser.newContext({viewport: {width: 1280, height: 800}});
  const page = await context.newPage();
  const url = `${server.url}?lang=en${PLOTS_VIEW}`;
  const idle = () => page.waitForFunction(() => performance.getEntriesByName('qh-map-first-idle').length > 0, null, {timeout: 300_000});
  await page.goto(url);
  await idle();
  if (step !== 'open') await page.getByRole('tab', {name: 'Plots'}).click();
  else await page.goto('about:blank');
  const cdp = await context.newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e) => {
    for (const v of e.value as unknown as TraceEvent[]) events.push(v);
  });
  const done = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.start', {categories: 'devtools.timeline,disabled-by-default-devtools.timeline,v8,toplevel,blink', transferMode: 'ReportEvents'});
  if (step === 'open') {
    // The empty app, from navigation to the first map idle.
    await page.goto(url);
    await idle();
  } else {
    await page.getByLabel('Import file').setInputFiles(path);
    await page.waitForFunction(() => /^\d+$/.test(document.querySelector('[data-figure="importable"]')?.textContent ?? ''), null, {timeout: 300_000});
  }
  if (step === 'import') {
    await page.getByRole('button', {name: /^Import \d+ plots?$/}).click();
    await page.waitForFunction(() => !document.querySelector('[data-figure="importable"]'), null, {timeout: 300_000});
    await page.waitForFunction(() => /[1-9]/.test(document.querySelector('[data-testid="remediated-mu"]')?.textContent ?? ''), null, {timeout: 300_000});
  }
  await cdp.send('Tracing.end');
  await done;
  const out = `${process.env.PROFILE_OUT ?? '/tmp'}/qh-trace-${step}-${count}.json`;
  writeFileSync(out, JSON.stringify({traceEvents: events}));
  const threads = new Map<string, string>();
  for (const e of events) if (e.name === 'thread_name') threads.set(`${e.pid}:${e.tid}`, e.args?.name ?? '?');
  const main = [...threads].find(([, n]) => n === 'CrRendererMain')?.[0];
  const complete = events.filter((e) => e.ph === 'X' && `${e.pid}:${e.tid}` === main && e.dur !== undefined).sort((a, b) => a.ts - b.ts);
  const tasks = complete.filter((e) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask');
  console.log(`${step} ${count}: ${events.length} events, ${out}`);
  for (const t of tasks.filter((x) => x.dur! > 100_000)) {
    const inside = complete.filter((e) => e !== t && e.ts >= t.ts && e.ts + e.dur! <= t.ts + t.dur!);
    const byName = new Map<string, number>();
    for (const e of inside) {
      const what = `${e.name}${e.args?.data?.functionName ? ' ' + e.args.data.functionName : ''}${e.args?.data?.url ? ' ' + e.args.data.url.split('/').pop() : ''}`;
      byName.set(what, Math.max(byName.get(what) ?? 0, e.dur!));
    }
    console.log(`task ${(t.dur! / 1000).toFixed(0)} ms at +${((t.ts - tasks[0]!.ts) / 1000).toFixed(0)} ms`);
    for (const [k, v] of [...byName].sort((a, b) => b[1] - a[1]).slice(0, 8)) console.log(`   ${(v / 1000).toFixed(0).padStart(6)} ms  ${k}`);
  }
} finally {
  await browser.close();
  await server.stop();
}
