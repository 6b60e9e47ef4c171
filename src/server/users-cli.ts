import {ROLES, type Role} from '../sync/protocol';
import {hashPassword} from './auth/passwords';
import {openStore, parseFlags} from './open-store';

/*
 * `npm run users -- add NAME --role ROLE [--team TEAM] [--data DIR]` (password from stdin),
 * `list`, `disable NAME`, `enable NAME`, `revoke-devices NAME`. DATABASE_URL selects PostgreSQL
 * as for the server. There is no default account and no default password.
 */
const USAGE = `usage: npm run users -- add NAME --role ${ROLES.join('|')} [--team TEAM] [--data DIR]   (password on stdin)
       npm run users -- list | disable NAME | enable NAME | revoke-devices NAME   [--data DIR]`;
export const MIN_PASSWORD_LENGTH = 10;

async function readPassword(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('password (then Enter): ');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
    if (process.stdin.isTTY && String(chunk).includes('\n')) break;
  }
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

const fail = (message: string): never => {
  process.stderr.write(`${message}\n`);
  process.exit(2);
};

const {flags, positional} = parseFlags(process.argv.slice(2));
const [command, name] = positional;
if (!command) fail(USAGE);
const store = await openStore({dataDir: flags.get('data') ?? null, databaseUrl: process.env.DATABASE_URL || null});
try {
  if (command === 'add') {
    const role = flags.get('role') as Role | undefined;
    if (!name || !role || !ROLES.includes(role)) fail(USAGE);
    if (await store.userByName(name!)) fail(`user ${name} already exists`);
    const password = await readPassword();
    if (password.length < MIN_PASSWORD_LENGTH) fail(`the password must have at least ${MIN_PASSWORD_LENGTH} characters`);
    const user = await store.addUser({name: name!, role: role!, team: flags.get('team') ?? null, passwordHash: await hashPassword(password)});
    process.stdout.write(`added ${user.name} (${user.role}${user.team ? `, team ${user.team}` : ''})\n`);
  } else if (command === 'list') {
    for (const u of await store.listUsers()) process.stdout.write(`${u.name}\t${u.role}\t${u.team ?? '-'}\t${u.disabled ? 'disabled' : 'active'}\n`);
  } else if (command === 'disable' || command === 'enable') {
    if (!name) fail(USAGE);
    if (!(await store.setUserDisabled(name!, command === 'disable'))) fail(`no user ${name}`);
    process.stdout.write(`${command}d ${name}\n`);
  } else if (command === 'revoke-devices') {
    if (!name || !(await store.userByName(name))) fail(`no user ${name ?? ''}`);
    process.stdout.write(`revoked ${await store.revokeDevices(name!)} device(s) of ${name}; their unsent ops will be kept aside\n`);
  } else fail(USAGE);
} finally {
  await store.close();
}
