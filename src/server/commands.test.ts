import {spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, describe, expect, it} from 'vitest';
import {verifyPassword} from './auth/passwords';
import {SqliteStore} from './store/sqlite/sqlite-store';

/* `npm run users` and `npm run server -- backup`, run as the README says (through tsx). */
const root = fileURLToPath(new URL('../..', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'team-commands-'));
afterAll(() => rmSync(dataDir, {recursive: true, force: true}));

const run = (script: string, args: string[], input = '') =>
  spawnSync(process.execPath, ['--import', 'tsx', script, ...args, '--data', dataDir], {cwd: root, input, encoding: 'utf8', env: {...process.env, DATABASE_URL: ''}});

describe('the users and backup commands', () => {
  it('adds a user with the password from stdin, refuses a short one, lists, disables, and backs the database up', async () => {
    const short = run('src/server/users-cli.ts', ['add', 'li', '--role', 'surveyor', '--team', 'team-a'], 'short\n');
    expect(short.status).toBe(2);
    expect(short.stderr).toContain('at least 10 characters');
    const add = run('src/server/users-cli.ts', ['add', 'li', '--role', 'surveyor', '--team', 'team-a'], 'a long enough password\n');
    expect(add.stderr).toBe('');
    expect(add.stdout).toContain('added li (surveyor, team team-a)');
    expect(run('src/server/users-cli.ts', ['add', 'wu', '--role', 'chief'], 'a long enough password\n').status).toBe(2);
    expect(run('src/server/users-cli.ts', ['disable', 'li']).status).toBe(0);
    expect(run('src/server/users-cli.ts', ['list']).stdout).toBe('li\tsurveyor\tteam-a\tdisabled\n');
    const backup = join(dataDir, 'copy.sqlite');
    expect(run('src/server/main.ts', ['backup', backup]).status).toBe(0);
    const copy = new SqliteStore(backup);
    try {
      expect(copy.integrityCheck()).toBe('ok');
      const user = await copy.userByName('li');
      expect(user).toMatchObject({role: 'surveyor', team: 'team-a', disabled: true});
      expect(await verifyPassword('a long enough password', user!.passwordHash)).toBe(true);
    } finally {
      await copy.close();
    }
  }, 120_000);
});
