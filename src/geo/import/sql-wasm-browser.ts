import sqlWasmUrl from 'sql.js/dist/sql-wasm.wasm?url';

/**
 * The sql.js WebAssembly binary in the browser: Vite emits it as a hashed asset of this
 * origin (so the offline service worker can cache it) and this fetches it from there.
 */
export async function loadSqlWasmFromAsset(): Promise<ArrayBuffer> {
  const response = await fetch(sqlWasmUrl);
  if (!response.ok) throw new Error(`cannot load ${sqlWasmUrl}: HTTP ${response.status}`);
  return response.arrayBuffer();
}
