import {readFile} from 'node:fs/promises';
import {createRequire} from 'node:module';

/** The sql.js WebAssembly binary from node_modules, for GeoPackage import in node (the tally command, tests). */
export async function loadSqlWasmFromNodeModules(): Promise<Uint8Array> {
  const require = createRequire(import.meta.url);
  return readFile(require.resolve('sql.js/dist/sql-wasm.wasm'));
}
