import {join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {buildServer, NO_ADMIN_HELP} from './http/app';
import {originsFrom} from './http/cors';
import {DEFAULT_DATA_DIR, openStore, parseFlags} from './open-store';
import {SqliteStore} from './store/sqlite/sqlite-store';

/*
 * `npm run server -- [--data DIR] [--port N] [--host H] [--max-pack-mb N] [--allow-origin URL]… [--connect-src URL]…`
 * (PORT, HOST, DATABASE_URL, TEAM_SERVER_ALLOW_ORIGINS, TEAM_SERVER_CONNECT_SRC work too):
 * the built app and the API on one origin. `npm run server -- backup FILE` copies the SQLite
 * database with SQLite's online backup while the server may be running.
 */
const USAGE = 'usage: npm run server -- [--data DIR] [--port N] [--host 127.0.0.1] [--max-pack-mb N] [--allow-origin URL]... [--connect-src URL]...\n       npm run server -- backup FILE [--data DIR]';
const root = fileURLToPath(new URL('../..', import.meta.url));
const {flags, positional} = parseFlags(process.argv.slice(2));
// Repeatable: an app served at another origin may call this API (CORS), and the app served here may call a team server elsewhere (CSP).
const allowOrigins = originsFrom(process.argv.slice(2), process.env.TEAM_SERVER_ALLOW_ORIGINS);
const connectSources = originsFrom(process.argv.slice(2), process.env.TEAM_SERVER_CONNECT_SRC, 'connect-src');
const databaseUrl = process.env.DATABASE_URL || null;
const store = await openStore({dataDir: flags.get('data') ?? null, databaseUrl});

if (positional[0] === 'backup') {
  const file = positional[1];
  if (!file) {
    process.stderr.write(`${USAGE}\n`);
    process.exit(2);
  }
  if (!(store instanceof SqliteStore)) {
    process.stderr.write('backup copies the SQLite store; for PostgreSQL use pg_dump (see README).\n');
    process.exit(2);
  }
  await store.backup(file);
  await store.close();
  process.stdout.write(`backed up ${store.path} to ${file}\n`);
  process.exit(0);
} else if (positional.length > 0) {
  process.stderr.write(`unknown command ${positional[0]}\n${USAGE}\n`);
  process.exit(2);
}

// For the crash test only: die by SIGKILL right after the Nth op commits, before its reply.
const killAfter = Number(process.env.TEAM_SERVER_TEST_KILL_AFTER_COMMITS ?? 0);
let commits = 0;
const app = await buildServer({
  store,
  distDir: `${root}dist`,
  zonesPath: `${root}geodata/datong.geojson`,
  // Basemap packs are files in the data folder, whichever database holds the rest.
  packsDir: join(resolve(flags.get('data') ?? DEFAULT_DATA_DIR), 'packs'),
  allowOrigins,
  connectSources,
  maxPackBytes: flags.has('max-pack-mb') ? Number(flags.get('max-pack-mb')) * 1024 * 1024 : undefined,
  // For the browser test of a resumed download only.
  dropFirstPackDownloadAfterBytes: Number(process.env.TEAM_SERVER_TEST_DROP_PACK_AFTER_BYTES ?? 0) || undefined,
  afterCommit: killAfter > 0 ? () => (++commits >= killAfter ? process.kill(process.pid, 'SIGKILL') : undefined) : undefined,
});
const port = Number(flags.get('port') ?? process.env.PORT ?? 4173);
const host = flags.get('host') ?? process.env.HOST ?? '127.0.0.1';
await app.listen({port, host});
const where = store instanceof SqliteStore ? `SQLite ${store.path}` : 'PostgreSQL (DATABASE_URL)';
process.stdout.write(`team server on http://${host}:${port}/ (${where})\n`);
if ((await store.countActiveAdmins()) === 0) process.stderr.write(`${NO_ADMIN_HELP}\n`);

const stop = async () => {
  await app.close();
  await store.close();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
