import {spawn, type ChildProcess} from 'node:child_process';
import {createHash} from 'node:crypto';
import {mkdtempSync, rmSync} from 'node:fs';
import {request} from 'node:http';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, describe, expect, it} from 'vitest';
import type {OpResult, PullResponse, SyncOp, SyncPlot} from '../sync/protocol';
import {SqliteStore} from './store/sqlite/sqlite-store';
import {addTestUser, createOp, testPlot, updateOp} from './test/harness';

/*
 * The real server process, killed with SIGKILL: right after an op commits and before its
 * reply leaves (the server's own test hook), at random moments while a device pushes, and in
 * the middle of a photo upload. After each restart the device retries what it did not hear
 * back about; at the end every op is in the log exactly once, the server holds exactly the
 * device's plots, and SQLite's integrity_check is ok.
 */

const root = fileURLToPath(new URL('../..', import.meta.url));
const PORT = 4310 + Math.floor(Math.random() * 40);
const base = `http://127.0.0.1:${PORT}`;
const dataDir = mkdtempSync(join(tmpdir(), 'team-crash-'));
let child: ChildProcess | null = null;

/** A seeded generator, so the kill points are the same on every run. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function startServer(killAfterCommits = 0): Promise<ChildProcess> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts', '--data', dataDir, '--port', String(PORT)], {
    cwd: root, stdio: ['ignore', 'pipe', 'pipe'],
    env: {...process.env, DATABASE_URL: '', TEAM_SERVER_TEST_KILL_AFTER_COMMITS: String(killAfterCommits)},
  });
  let output = '';
  proc.stdout?.on('data', (d) => (output += d));
  proc.stderr?.on('data', (d) => (output += d));
  for (const deadline = Date.now() + 60_000; ;) {
    if (proc.exitCode !== null || proc.signalCode !== null) throw new Error(`server exited: ${output}`);
    if (Date.now() > deadline) throw new Error(`server did not start: ${output}`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) return (child = proc);
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

const exited = (proc: ChildProcess) => new Promise<void>((resolve) => (proc.exitCode !== null || proc.signalCode !== null ? resolve() : proc.once('exit', () => resolve())));

async function kill(proc: ChildProcess): Promise<void> {
  if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  await exited(proc);
}

afterAll(async () => {
  if (child) await kill(child);
  rmSync(dataDir, {recursive: true, force: true});
});

describe('the server killed with SIGKILL', () => {
  it('loses no acknowledged op and applies none twice, and the database stays intact', async () => {
    const setup = new SqliteStore(join(dataDir, 'team.sqlite'));
    await addTestUser(setup, 'root', 'admin');
    await setup.close();
    const random = rng(4490);

    // The device's work: 30 plots, then 90 edits of them, made before any of it is sent.
    const expected = new Map<string, SyncPlot>();
    const outbox: SyncOp[] = [];
    for (let i = 0; i < 30; i++) {
      const plot = testPlot(`crash-${String(i).padStart(2, '0')}`);
      expected.set(plot.properties.id, plot);
      outbox.push(createOp(plot));
    }
    for (let i = 0; i < 90; i++) {
      const id = `crash-${String(Math.floor(random() * 30)).padStart(2, '0')}`;
      const seen = expected.get(id)!;
      const op = updateOp(seen, {notes: `edit ${i}`});
      expected.set(id, op.plot as SyncPlot);
      outbox.push(op);
    }
    const total = outbox.length;
    const results = new Map<string, OpResult>();

    const killPlan = [3, 7, 2];
    let server = await startServer(killPlan[0]);
    const login = await (await fetch(`${base}/api/auth/login`, {method: 'POST', headers: {'content-type': 'application/json'},
      body: JSON.stringify({username: 'root', password: 'password-123', deviceName: 'crash phone'})})).json() as {accessToken: string; deviceId: string};
    const headers = {'content-type': 'application/json', authorization: `Bearer ${login.accessToken}`};

    /** Pushes from the head of the outbox until the outbox is empty or the server is gone. */
    const pushUntilDown = async (): Promise<void> => {
      while (outbox.length > 0) {
        const batch = outbox.slice(0, 5);
        let reply: {results: OpResult[]};
        try {
          const res = await fetch(`${base}/api/sync/push`, {method: 'POST', headers, body: JSON.stringify({deviceId: login.deviceId, ops: batch})});
          expect(res.status).toBe(200);
          reply = await res.json() as {results: OpResult[]};
        } catch {
          return; // no reply: the ops stay in the outbox and are sent again
        }
        for (const r of reply.results) {
          expect(r.status).not.toBe('rejected');
          expect(r.status).not.toBe('conflict');
          results.set(r.opId, r);
        }
        outbox.splice(0, reply.results.length);
      }
    };

    let kills = 0;
    // Killed by its own hook right after a commit, before the reply: three times.
    for (let i = 0; i < killPlan.length; i++) {
      await pushUntilDown();
      await exited(server);
      kills++;
      server = await startServer(killPlan[i + 1] ?? 0);
    }
    // Killed from outside at a random moment while the device pushes.
    for (let round = 0; round < 2 && outbox.length > 0; round++) {
      const timer = setTimeout(() => server.kill('SIGKILL'), 20 + Math.floor(random() * 150));
      await pushUntilDown();
      clearTimeout(timer);
      await kill(server);
      kills++;
      server = await startServer();
    }
    // Killed halfway through a photo upload: nothing of it is kept, and sending it again works.
    const photo = Buffer.alloc(400_000, 7);
    const sha = createHash('sha256').update(photo).digest('hex');
    await new Promise<void>((resolve) => {
      const req = request(`${base}/api/photos/${sha}`, {method: 'PUT', headers: {authorization: headers.authorization, 'content-type': 'image/jpeg', 'content-length': photo.length}});
      req.on('error', () => resolve());
      req.on('response', () => resolve());
      req.write(photo.subarray(0, 100_000), () => setTimeout(() => server.kill('SIGKILL'), 50));
    });
    await exited(server);
    kills++;
    server = await startServer();
    expect((await fetch(`${base}/api/photos/${sha}`, {headers})).status).toBe(404);
    expect((await fetch(`${base}/api/photos/${sha}`, {method: 'PUT', headers: {...headers, 'content-type': 'image/jpeg'}, body: photo})).status).toBe(201);

    await pushUntilDown();
    expect(outbox).toEqual([]);
    const pull = await (await fetch(`${base}/api/sync/pull?since=0&limit=5000`, {headers})).json() as PullResponse;
    await kill(server);

    expect(kills).toBeGreaterThanOrEqual(6);
    expect(results.size).toBe(total);
    // Replies lost after commit came back as duplicates on the retry, not as second applications.
    expect([...results.values()].filter((r) => r.status === 'duplicate').length).toBeGreaterThanOrEqual(3);
    expect(new Map(pull.changes.map((c) => [c.plotId, c.plot]))).toEqual(expected);
    const store = new SqliteStore(join(dataDir, 'team.sqlite'));
    try {
      const log = await store.opLog();
      expect(log.length).toBe(total);
      expect(new Set(log.map((o) => o.opId)).size).toBe(total);
      // One write per create and per edit: versions add up to the ops applied.
      expect(pull.changes.reduce((n, c) => n + c.version, 0)).toBe(total);
      expect(store.integrityCheck()).toBe('ok');
    } finally {
      await store.close();
    }
  }, 240_000);
});
