import {spawn} from 'node:child_process';
import type {ChildProcess} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tsxLoader = new URL('node_modules/tsx/dist/loader.mjs', `file://${root}/`).href;

/**
 * Serves the built app exactly as `npm start` does: the team server (src/server/main.ts) on
 * 127.0.0.1 with a fresh embedded SQLite database in a temporary folder, removed on stop.
 * Node runs the server itself (tsx as a loader, not as a wrapper process), so the pid we hold
 * is the server's and stopping it stops the server (TOOLCHAIN.md).
 */
export async function startAppServer(port: number, extraEnv: Record<string, string> = {}): Promise<{url: string; dataDir: string; stop: () => Promise<void>}> {
  const dataDir = mkdtempSync(join(tmpdir(), 'qh-e2e-server-'));
  const env = {...process.env, ...extraEnv};
  delete env.DATABASE_URL;
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', tsxLoader, 'src/server/main.ts', '--data', dataDir, '--port', String(port), '--host', '127.0.0.1'],
    {cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env},
  );
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the team server exited: ${output}`);
    try {
      const res = await fetch(url);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the team server did not start on ${url}: ${output}`);
    await new Promise((r) => setTimeout(r, 150));
  }
  return {
    url,
    dataDir,
    stop: () =>
      new Promise<void>((resolve) => {
        const done = () => {
          rmSync(dataDir, {recursive: true, force: true});
          resolve();
        };
        if (child.exitCode !== null) return done();
        child.once('exit', done);
        child.kill('SIGTERM');
      }),
  };
}
