import {existsSync, readFileSync, statSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {loadSqlWasmFromNodeModules} from '../geo/import/sql-wasm-node';
import {runTally} from './tally-command';

// `npm run tally -- [--json] [--lang zh|en] [--zones FILE] [--as-of DAY] [--source-crs EPSG:…] [--encoding …] [--source-shift gcj02|bd09] FILE...`: the remediated-area tally from plot files.
const run = await runTally(process.argv.slice(2), {
  readFile: (path) => readFileSync(path),
  exists: existsSync,
  // Relative to the repository, not the working directory.
  defaultZonesPath: fileURLToPath(new URL('../../geodata/datong.geojson', import.meta.url)),
  today: new Date().toISOString().slice(0, 10),
  fileDate: (path) => statSync(path).mtime.toISOString().slice(0, 10),
  loadSqlWasm: loadSqlWasmFromNodeModules,
});
process.stdout.write(run.stdout);
process.stderr.write(run.stderr);
process.exitCode = run.exitCode;
