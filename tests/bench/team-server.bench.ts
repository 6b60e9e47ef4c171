import {randomUUID} from 'node:crypto';
import {Worker} from 'node:worker_threads';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {hashPassword} from '../../src/server/auth/passwords';
import {buildServer} from '../../src/server/http/app';
import {PostgresStore} from '../../src/server/store/postgres/postgres-store';
import {SqliteStore} from '../../src/server/store/sqlite/sqlite-store';
import type {Store} from '../../src/server/store/store';
import type {PullResponse} from '../../src/sync/protocol';

/*
 * The team server under load (issue 13's benchmark; figures only, nothing asserted): 20
 * devices push 10,000 creates in batches of 20 over real HTTP on 127.0.0.1, all at once, from
 * a worker thread (push-devices.mjs: the devices do not share the server's event loop); then
 * a new device pulls the 10,000 plots cold. Targets on a 2-core machine: ≥ 500 ops/s on
 * SQLite, p95 ≤ 100 ms per batch, cold pull ≤ 2 s.
 *
 * Latency is printed twice, because the two numbers answer different questions. Flat out
 * (every device sends its next batch the moment the last reply arrives) there are always 20
 * batches in flight, so a batch's latency is mostly its wait behind the other 19: it measures
 * the queue, ≈ 20 × the service time. Paced, the 20 devices push the same 10,000 ops offering
 * together twice the target load, 1,000 ops/s (each sends one batch every 0.4 s, start times
 * spread): that is the latency a device sees while the server keeps up with that rate.
 */
const DEVICES = 20, OPS = 10_000, BATCH = 20;
const PORT = Number(process.env.BENCH_SERVER_PORT ?? 4391);

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

type DeviceRun = {latencies: number[]; seconds: number; intervalMs: number};

/** Runs the devices' pushes in a worker thread (push-devices.mjs), off the server's event loop. */
function pushFromDevices(data: {base: string; sessions: {accessToken: string; deviceId: string}[]; batch: number; opsPerDevice: number; mode: 'flat' | 'paced'; rate: number; firstIndex: number}): Promise<DeviceRun> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./push-devices.mjs', import.meta.url), {workerData: data});
    worker.once('message', (m: DeviceRun) => resolve(m));
    worker.once('error', reject);
    worker.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`devices worker exited with ${code}`))));
  });
}

async function benchStore(name: string, store: Store): Promise<void> {
  const app = await buildServer({store, loginRateLimit: {max: 1000, timeWindow: 60_000}});
  await app.listen({port: PORT, host: '127.0.0.1'});
  const base = `http://127.0.0.1:${PORT}`;
  try {
    for (let d = 0; d < DEVICES; d++) await store.addUser({name: `bench${d}`, role: d === 0 ? 'admin' : 'planner', team: null, passwordHash: await hashPassword('bench-password', {N: 1024})});
    const login = async (d: number) => (await (await fetch(`${base}/api/auth/login`, {method: 'POST', headers: {'content-type': 'application/json'},
      body: JSON.stringify({username: `bench${d}`, password: 'bench-password', deviceName: `bench device ${d}`})})).json()) as {accessToken: string; deviceId: string};
    const sessions = await Promise.all(Array.from({length: DEVICES}, (_, d) => login(d)));
    const perDevice = OPS / DEVICES;
    const flat = await pushFromDevices({base, sessions, batch: BATCH, opsPerDevice: perDevice, mode: 'flat', rate: 0, firstIndex: 0});
    const latencies = flat.latencies;
    const seconds = flat.seconds;
    latencies.sort((a, b) => a - b);
    console.log(`team server (${name}): ${OPS} ops from ${DEVICES} devices in batches of ${BATCH}: ${(OPS / seconds).toFixed(0)} ops/s, ` +
      `push latency p50 ${percentile(latencies, 0.5).toFixed(1)} ms, p95 ${percentile(latencies, 0.95).toFixed(1)} ms per batch`);

    const reader = await login(0);
    const t = performance.now();
    let since = 0, bytes = 0, plots = 0;
    for (;;) {
      const res = await fetch(`${base}/api/sync/pull?since=${since}&limit=5000`, {headers: {authorization: `Bearer ${reader.accessToken}`}});
      const text = await res.text();
      bytes += Buffer.byteLength(text);
      const page = JSON.parse(text) as PullResponse;
      plots += page.changes.length;
      since = page.cursor;
      if (!page.more) break;
    }
    console.log(`team server (${name}): cold pull of ${plots} plots: ${(performance.now() - t).toFixed(0)} ms, ${(bytes / 1e6).toFixed(2)} MB; ` +
      `RSS of the server process: ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`);

    // Paced: the same devices push another 10,000 ops, offering 1,000 ops/s together.
    const RATE = 1000, PACED_OPS = OPS;
    const paced = await pushFromDevices({base, sessions, batch: BATCH, opsPerDevice: PACED_OPS / DEVICES, mode: 'paced', rate: RATE, firstIndex: 10_000});
    const pacedLatencies = paced.latencies, pacedSeconds = paced.seconds, interval = paced.intervalMs;
    pacedLatencies.sort((a, b) => a - b);
    console.log(`team server (${name}): paced at ${RATE} ops/s offered (${PACED_OPS} ops, ${DEVICES} devices, a batch of ${BATCH} every ${interval.toFixed(0)} ms each): ` +
      `${(PACED_OPS / pacedSeconds).toFixed(0)} ops/s achieved, push latency p50 ${percentile(pacedLatencies, 0.5).toFixed(1)} ms, p95 ${percentile(pacedLatencies, 0.95).toFixed(1)} ms per batch`);
  } finally {
    await app.close();
  }
}

export async function benchTeamServer(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-team-'));
  const sqlite = new SqliteStore(join(dir, 'team.sqlite'));
  try {
    await benchStore('SQLite', sqlite);
  } finally {
    await sqlite.close();
    rmSync(dir, {recursive: true, force: true});
  }
  const url = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  if (!url) {
    console.log('team server (PostgreSQL): skipped, set TEST_DATABASE_URL=postgres://… to measure it');
    return;
  }
  const schema = `bench_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const pg = await PostgresStore.open(url, schema);
  try {
    await benchStore('PostgreSQL', pg);
  } finally {
    await pg.pool.query(`drop schema ${schema} cascade`);
    await pg.close();
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) await benchTeamServer();
