// Runs a command from src/cli precompiled. `tsx` compiles every TypeScript file at every start
// (≈2 s of a 2.5 s tally on 10k plots, issue 11), so the command is bundled once with esbuild
// into node_modules/.cache/qh-cli/ and rebuilt only when one of its source files changed
// (their sizes and mtimes are kept beside the bundle, from esbuild's metafile).
// Usage: node src/cli/launch.mjs NAME [args…] runs src/cli/NAME.ts.
import {existsSync, mkdirSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const [name, ...args] = process.argv.slice(2);
if (!name || !/^[a-z][a-z-]*$/.test(name) || !existsSync(join(root, 'src/cli', `${name}.ts`))) {
  process.stderr.write(`launch: no command src/cli/${name ?? ''}.ts\n`);
  process.exit(2);
}
const entry = join(root, 'src/cli', `${name}.ts`);
const cacheDir = process.env.QH_CLI_CACHE ? resolve(process.env.QH_CLI_CACHE) : join(root, 'node_modules/.cache/qh-cli');
const bundle = join(cacheDir, `${name}.mjs`);
const stampFile = join(cacheDir, `${name}.inputs.json`);

const stamp = (file) => {
  try {
    const s = statSync(join(root, file));
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    return 'missing';
  }
};

function upToDate() {
  if (!existsSync(bundle) || !existsSync(stampFile)) return false;
  try {
    const inputs = JSON.parse(readFileSync(stampFile, 'utf8'));
    return 'src/cli/launch.mjs' in inputs && Object.entries(inputs).every(([file, s]) => stamp(file) === s);
  } catch {
    return false;
  }
}

if (!upToDate()) {
  const {build} = await import('esbuild');
  const result = await build({
    absWorkingDir: root,
    entryPoints: [entry],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Packages are bundled too, from their ES module builds so unused code is dropped: loading
    // @turf/turf and the other CommonJS packages whole took ≈0.4 s of every start (issue 11).
    // sql.js stays external: it finds its WebAssembly file beside itself.
    external: ['sql.js'],
    mainFields: ['module', 'main'],
    // Bundled CommonJS code still calls require() for node's own modules.
    banner: {js: "import {createRequire as qhCreateRequire} from 'node:module'; const require = qhCreateRequire(import.meta.url);"},
    metafile: true,
    logLevel: 'warning',
    // Paths the command resolves from its own location (data files, node_modules) stay those
    // of the source file, not of the cache folder.
    define: {'import.meta.url': JSON.stringify(pathToFileURL(entry).href)},
  });
  mkdirSync(cacheDir, {recursive: true});
  // The launcher itself counts as an input: a change to the build options rebuilds too.
  const inputs = Object.fromEntries([...Object.keys(result.metafile.inputs), 'src/cli/launch.mjs'].map((file) => [file, stamp(file)]));
  writeFileSync(stampFile, JSON.stringify(inputs));
}
process.argv = [process.argv[0], entry, ...args];
await import(pathToFileURL(bundle).href);
