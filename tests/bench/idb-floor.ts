import {build} from 'esbuild';
import {createServer} from 'node:http';
import {loadavg} from 'node:os';
import {launch} from '../e2e/browser';

/*
 * The floor of an import's IndexedDB work (issue 11), not part of `npm run bench`:
 * `tsx tests/bench/idb-floor.ts [N] [variants]` writes N packed synthetic plots (500 a strict
 * transaction, as the plot writer worker does) into a fresh database in headless Chromium, each
 * variant in turn, BENCH_RUNS times, and prints the total and the median batch:
 *   today        PlotStore.writeMany: per plot a get and a plots put, then an op per plot, then
 *                one history record for the batch (DB version 6); before, a history entry and an
 *                op after each plot's put
 *   rangeRead    the same writes, the gets replaced by one getAllKeys over the batch's key range
 *   batchRecords plots puts, plus ONE history and ONE outbox record for the whole batch
 *   putsOnly     plots puts only; putsHistory, putsOutbox: with a history entry or an op per plot
 *   grouped      rangeRead's records issued store by store (all plots, then all entries, then all ops)
 *   tinyPuts     plots puts of records without the plot (what a request costs without its bytes)
 *   propsOnly    plots puts of the plot without its geometry; geometryOnly: its packed geometry only
 *   oneRecord    one plots put holding the whole batch's plots (what a record costs apart from its bytes)
 *   relaxed      putsOnly with relaxed durability (what the flush to disk costs)
 * BATCH sets the batch size.
 * Figures (Chromium 150, 10k plots, a browser per variant, 3 runs, load 8-12 on 2 cores, so
 * +-50 %): putsOnly 1.9-3.1 s; batchRecords 1.3-1.4 s; putsHistory 5.7-7.3 s and putsOutbox
 * 6.3-9.4 s: a small record per plot in a second store costs more than the plots themselves.
 * rangeRead 6.9-11.5 s, grouped 5.7-6.4 s beside rangeRead's 8.8-10.0 s in the same runs: issued
 * store by store, the same records cost a third less. Per-plot gets are cheap (today's were
 * pipelined). tinyPuts, propsOnly, geometryOnly, zeroGeometry, relaxed and oneRecord were run in
 * one browser in turn (each after a deletion): tinyPuts 0.7-2.7 s, propsOnly 1.5-5.0 s,
 * geometryOnly 3.7-4.0 s, zeroGeometry 2.1-3.4 s, relaxed 2.6-3.9 s, oneRecord 0.14-0.31 s.
 * BATCH=2000 was not faster than 500.
 */
const count = Number(process.argv[2] ?? 10_000);
const variants = (process.argv[3] ?? 'today,rangeRead,batchRecords,putsOnly,tinyPuts,propsOnly,geometryOnly,oneRecord,relaxed').split(',');
const batch = Number(process.env.BATCH ?? 500);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const bundle = await build({entryPoints: [new URL('./idb-floor.page.ts', import.meta.url).pathname], bundle: true, format: 'iife', write: false, target: 'es2022'});
const script = bundle.outputFiles[0]!.text;
const server = createServer((req, res) => {
  if (req.url === '/floor.js') res.writeHead(200, {'content-type': 'text/javascript'}).end(script);
  else res.writeHead(200, {'content-type': 'text/html'}).end('<!doctype html><script src="/floor.js"></script>');
});
const port = Number(process.env.E2E_PORT ?? 4195);
await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`${count} plots, ${batch} a batch, ${runs} runs; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
try {
  for (let run = 0; run < runs; run++) {
    for (const variant of variants) {
      // A browser (and profile) of its own per variant: a database deleted by the one before
      // leaves the storage backend work that would be counted against the next.
      const browser = await launch();
      try {
        const page = await browser.newPage();
        await page.goto(`http://127.0.0.1:${port}/`);
        const {totalMs, perBatchMs} = await page.evaluate(
          ([v, n, b]) => (globalThis as unknown as {idbFloor: {write(v: string, n: number, b: number): Promise<{totalMs: number; perBatchMs: number[]}>}}).idbFloor.write(v, n, b),
          [variant, count, batch] as const,
        );
        console.log(`run ${run + 1} ${variant.padEnd(13)} total ${(totalMs / 1000).toFixed(2)} s, batch median ${median(perBatchMs).toFixed(0)} ms, max ${Math.max(...perBatchMs).toFixed(0)} ms`);
      } finally {
        await browser.close();
      }
    }
  }
} finally {
  server.close();
}
