import {join, resolve} from 'node:path';
import {PostgresStore} from './store/postgres/postgres-store';
import {SqliteStore} from './store/sqlite/sqlite-store';
import type {Store} from './store/store';

export const DEFAULT_DATA_DIR = 'data';
export const SQLITE_FILE = 'team.sqlite';

/** PostgreSQL when DATABASE_URL (or --database-url) is given, else SQLite in the data folder (created on first start). */
export async function openStore(options: {dataDir?: string | null; databaseUrl?: string | null}): Promise<Store> {
  const url = options.databaseUrl ?? null;
  if (url) return PostgresStore.open(url);
  return new SqliteStore(join(resolve(options.dataDir ?? DEFAULT_DATA_DIR), SQLITE_FILE));
}

/** `--name value` pairs and positionals from argv, for the two small commands. */
export function parseFlags(argv: readonly string[]): {flags: Map<string, string>; positional: string[]} {
  const flags = new Map<string, string>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      if (eq > 0) flags.set(a.slice(2, eq), a.slice(eq + 1));
      else flags.set(a.slice(2), argv[++i] ?? '');
    } else positional.push(a);
  }
  return {flags, positional};
}
