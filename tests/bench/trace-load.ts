// First load of the built app (or the bare page), not part of `npm run bench`: `tsx tests/bench/trace-load.ts [/|/bare/] [runs]`
// prints a CPU profile of the main thread from navigation to the first map idle, bucketed by time and by script, and resource timings.
import {launch, waitForFirstIdle} from '../e2e/browser';
import {BENCH_MOUNTS, serveStatic} from './static-server';

type Node = {id: number; callFrame: {functionName: string; url: string; lineNumber: number; columnNumber: number}; hitCount: number; children?: number[]};
const path = process.argv[2] ?? '/';
const runs = Number(process.argv[3] ?? 1);
const server = await serveStatic(BENCH_MOUNTS);
const browser = await launch({gpuCompositing: true});
try {
  for (let r = 0; r < runs; r++) {
    const context = await browser.newContext({viewport: {width: 1280, height: 800}});
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', {interval: 500});
    await cdp.send('Profiler.start');
    await page.goto(server.url + path);
    const idle = await waitForFirstIdle(page);
    const {profile} = (await cdp.send('Profiler.stop')) as unknown as {profile: {nodes: Node[]; startTime: number; samples: number[]; timeDeltas: number[]}};
    const info = await page.evaluate(() => ({
      origin: performance.timeOrigin,
      marks: performance.getEntriesByType('mark').map((m) => [m.name, Math.round(m.startTime)]),
      res: performance.getEntriesByType('resource').map((e) => {
        const x = e as PerformanceResourceTiming;
        return [x.name.replace(location.origin, ''), Math.round(x.startTime), Math.round(x.responseEnd)];
      }),
    }));
    console.log(`\n### ${path} run ${r + 1}: first idle ${idle.toFixed(0)} ms`);
    for (const [n, s, e] of info.res) console.log(`  res ${String(s).padStart(5)}–${String(e).padStart(5)}  ${n}`);
    for (const [n, t] of info.marks) console.log(`  mark ${String(t).padStart(5)}  ${n}`);
    // timeline: profile.startTime is in µs of the monotonic clock; map to page time via first sample ~ navigation
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const scriptOf = (id: number): string => {
      // nearest frame with a url
      let cur: number | undefined = id;
      while (cur !== undefined) { const n = byId.get(cur)!; if (n.callFrame.url) return n.callFrame.url.replace(server.url, '').replace(/-[\w-]{8}\.(m?js)$/, '.$1'); cur = parent.get(cur); }
      const n = byId.get(id)!; return `(${n.callFrame.functionName || 'program'})`;
    };
    // page time of profile start: Profiler timestamps are monotonic µs; performance.timeOrigin is epoch ms. Use
    // bucket relative to profile start and print the offset guess via the first 'navigation' sample.
    let t = 0; const bucketMs = 250; const buckets = new Map<number, Map<string, number>>();
    const selfBy = new Map<string, number>();
    for (let i = 0; i < profile.samples.length; i++) {
      t += profile.timeDeltas[i]! / 1000;
      const id = profile.samples[i]!; const n = byId.get(id)!;
      if (n.callFrame.functionName === '(idle)') continue;
      const s = scriptOf(id);
      const b = Math.floor(t / bucketMs);
      const m = buckets.get(b) ?? new Map(); m.set(s, (m.get(s) ?? 0) + profile.timeDeltas[i]! / 1000); buckets.set(b, m);
      const key = `${n.callFrame.functionName || '(anon)'} ${s}:${n.callFrame.lineNumber}:${n.callFrame.columnNumber}`;
      selfBy.set(key, (selfBy.get(key) ?? 0) + profile.timeDeltas[i]! / 1000);
    }
    console.log(`  busy per ${bucketMs} ms since profile start (profile length ${t.toFixed(0)} ms):`);
    for (const [b, m] of [...buckets].sort((a, b) => a[0] - b[0])) {
      const tot = [...m.values()].reduce((a, c) => a + c, 0);
      const top = [...m].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([s, v]) => `${s} ${v.toFixed(0)}`).join(', ');
      console.log(`   ${String(b * bucketMs).padStart(5)}  ${tot.toFixed(0).padStart(4)} ms  ${top}`);
    }
    console.log('  top self time:');
    for (const [k, v] of [...selfBy].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`   ${v.toFixed(0).padStart(5)} ms  ${k}`);
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
