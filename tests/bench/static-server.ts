import {createReadStream, existsSync, statSync} from 'node:fs';
import {createServer} from 'node:http';
import type {AddressInfo} from 'node:net';
import {extname, join, normalize} from 'node:path';
import {fileURLToPath} from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css',
  '.json': 'application/json', '.geojson': 'application/geo+json', '.woff2': 'font/woff2', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.webmanifest': 'application/manifest+json',
};

/** URL prefix → folder or file on disk. Longest prefix wins. */
export type Mounts = Record<string, string>;

export const BENCH_MOUNTS: Mounts = {
  '/': join(root, 'dist'),
  '/bare/': join(root, 'tests/bench/bare'),
  '/mlgl/': join(root, 'node_modules/maplibre-gl/dist'),
  '/geodata/': join(root, 'geodata'),
  '/fonts/latin.woff2': join(root, 'node_modules/@fontsource/noto-sans/files/noto-sans-latin-400-normal.woff2'),
  '/fonts/cjk.woff2': join(root, 'node_modules/@fontsource/noto-sans-sc/files/noto-sans-sc-chinese-simplified-400-normal.woff2'),
};

/** A plain static server on 127.0.0.1 for benchmarks that compare the app with a bare page. */
export async function serveStatic(mounts: Mounts): Promise<{url: string; close: () => Promise<void>}> {
  const prefixes = Object.keys(mounts).sort((a, b) => b.length - a.length);
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const prefix = prefixes.find((p) => path.startsWith(p))!;
    const base = mounts[prefix]!;
    let file = prefix.endsWith('/') ? normalize(join(base, path.slice(prefix.length))) : base;
    if (prefix.endsWith('/') && !file.startsWith(base)) return void res.writeHead(403).end();
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, {'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store'});
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const {port} = server.address() as AddressInfo;
  return {url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r()))};
}
