import {spawnSync} from 'node:child_process';
import {fileURLToPath} from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Adds a team-server user through the real `npm run users` command, password on stdin. */
export function addTeamUser(dataDir: string, name: string, role: string, team: string, password: string): void {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/server/users-cli.ts', 'add', name, '--role', role, '--team', team, '--data', dataDir], {
    cwd: root,
    input: `${password}\n`,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`users add ${name}: ${r.stderr}`);
}
