import {describe, expect, it} from 'vitest';
import {ESLint} from 'eslint';

// The layering rule is only worth having if it bites: lint sample sources as if they lived
// in each folder and expect the restricted imports to be reported.
// Only the two import rules run: the samples are not meant to satisfy the others.
const eslint = new ESLint({cwd: new URL('..', import.meta.url).pathname, ruleFilter: ({ruleId}) => ruleId === 'qh/layering' || ruleId === 'no-restricted-imports'});
const messagesFor = async (code: string, filePath: string) => (await eslint.lintText(code, {filePath}))[0]!.messages;
const errorsFor = async (code: string, filePath: string) => (await messagesFor(code, filePath)).filter((m) => m.ruleId === 'no-restricted-imports');
const layeringErrors = async (code: string, filePath: string) => (await messagesFor(code, filePath)).filter((m) => m.ruleId === 'qh/layering');

/** A file in folder `from` importing a module of folder `to` (both `src/<name>` or `seeds`). */
const sample = (from: string, to: string) => {
  const file = from === 'seeds' ? 'seeds/sample.ts' : `src/${from}/sample.ts`;
  const target = to === 'seeds' ? '../../seeds/programme' : from === 'seeds' ? `../src/${to}/module` : `../${to}/module`;
  return {file, code: `import {value} from '${target}';\nexport const copy = value;\n`};
};

// The direction, stated here independently of eslint.config.js (ARCHITECTURE.md):
// geo -> catalogue -> state -> map -> ui -> app; nothing may import a folder after its own.
const CHAIN = ['geo', 'catalogue', 'state', 'map', 'ui', 'app'];
const againstTheChain = CHAIN.flatMap((from, i) => CHAIN.slice(i + 1).map((to) => [from, to] as const));
const CLIENT = [...CHAIN, 'i18n', 'sync'];
const FORBIDDEN: (readonly [string, string])[] = [
  ...againstTheChain,
  // Geometry words nothing and knows no protocol.
  ['geo', 'i18n'], ['geo', 'sync'], ['geo', 'cli'],
  // Words and the sync protocol sit low: they build on geo only.
  ...['catalogue', 'state', 'map', 'ui', 'app', 'cli', 'server'].flatMap((to) => [['i18n', to], ['sync', to]] as const),
  ['i18n', 'sync'], ['sync', 'i18n'],
  // The client never imports the team server or the command line.
  ...CLIENT.flatMap((from) => [[from, 'server'], [from, 'cli']] as const),
  // The command line reuses the pure layers only.
  ...['state', 'map', 'ui', 'app', 'server'].map((to) => ['cli', to] as const),
  // The team server reuses geo, sync and the tally, nothing of the client but the header set.
  ...['catalogue', 'state', 'map', 'ui', 'app', 'i18n'].map((to) => ['server', to] as const),
  // Programme facts are data.
  ...['geo', 'catalogue', 'state', 'ui'].map((to) => ['seeds', to] as const),
];
const ALLOWED: (readonly [string, string])[] = [
  ['catalogue', 'geo'], ['catalogue', 'i18n'], ['i18n', 'geo'], ['sync', 'geo'], ['state', 'sync'], ['state', 'catalogue'],
  ['map', 'state'], ['ui', 'map'], ['ui', 'state'], ['app', 'ui'], ['cli', 'geo'], ['cli', 'i18n'],
  ['server', 'geo'], ['server', 'sync'], ['server', 'cli'], ['geo', 'seeds'], ['ui', 'seeds'], ['server', 'seeds'],
];

describe('layer boundaries lint rule', () => {
  it.each(['src/geo/x.ts', 'src/catalogue/x.ts', 'src/state/x.ts', 'src/sync/x.ts', 'src/i18n/x.ts', 'src/cli/x.ts', 'src/server/x.ts'])('keeps React and MapLibre out of %s', async (file) => {
    expect(await errorsFor("import {useState} from 'react';\nexport const a = useState;\n", file)).toHaveLength(1);
    expect(await errorsFor("import * as m from 'maplibre-gl';\nexport const a = m;\n", file)).toHaveLength(1);
  });

  it('lets only src/map import maplibre-gl', async () => {
    expect(await errorsFor("import * as m from 'maplibre-gl';\nexport const a = m;\n", 'src/ui/x.tsx')).toHaveLength(1);
    expect(await errorsFor("import * as m from 'maplibre-gl';\nexport const a = m;\n", 'src/map/x.tsx')).toHaveLength(0);
  });

  it.each(FORBIDDEN)('reports an import from %s into %s', async (from, to) => {
    const {file, code} = sample(from, to);
    const errors = await layeringErrors(code, file);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toContain(`${from} must not import ${to}`);
  });

  it.each(ALLOWED)('lets %s import %s', async (from, to) => {
    const {file, code} = sample(from, to);
    expect(await layeringErrors(code, file)).toEqual([]);
  });

  it('resolves the path, so depth and subfolders do not matter, and imports inside a folder pass', async () => {
    expect(await layeringErrors("import {a} from '../../state/store';\nexport const b = a;\n", 'src/geo/import/x.ts')).toHaveLength(1);
    expect(await layeringErrors("import {a} from '../../geo/area';\nexport const b = a;\n", 'src/state/persistence/x.ts')).toEqual([]);
    expect(await layeringErrors("import {a} from '../export/kml';\nexport const b = a;\n", 'src/geo/import/x.ts')).toEqual([]);
    // A folder inside a layer that shares a name with another layer is still the same layer.
    expect(await layeringErrors("import {a} from './state/x';\nexport const b = a;\n", 'src/geo/x.ts')).toEqual([]);
  });

  it('sees type-only imports, re-exports and dynamic imports too', async () => {
    const file = 'src/geo/x.ts';
    expect(await layeringErrors("import type {A} from '../state/store';\nexport type B = A;\n", file)).toHaveLength(1);
    expect(await layeringErrors("export {a} from '../catalogue/plots';\n", file)).toHaveLength(1);
    expect(await layeringErrors("export * from '../ui/x';\n", file)).toHaveLength(1);
    expect(await layeringErrors("export const load = () => import('../map/x');\n", file)).toHaveLength(1);
    expect(await layeringErrors("export type T = import('../app/x').T;\n", file)).toHaveLength(1);
  });

  it('lets the team server read only the app’s security-header set from src/app', async () => {
    expect(await layeringErrors("import {SECURITY_HEADERS} from '../../app/security-headers';\nexport const h = SECURITY_HEADERS;\n", 'src/server/http/x.ts')).toEqual([]);
    expect(await layeringErrors("import {a} from '../../app/url-lang';\nexport const h = a;\n", 'src/server/http/x.ts')).toHaveLength(1);
  });

  it.each(['src/state/x.ts', 'src/state/persistence/x.ts', 'src/ui/x.tsx', 'src/map/x.ts', 'src/app/x.tsx'])('keeps zod and the schema modules out of the app bundle in %s, types aside', async (file) => {
    const up = file.split('/').length - 2;
    const sync = `${'../'.repeat(up)}sync`;
    expect(await errorsFor(`import {opSchema} from '${sync}/protocol';\nexport const a = opSchema;\n`, file)).toHaveLength(1);
    expect(await errorsFor(`import {z} from 'zod';\nexport const a = z;\n`, file)).toHaveLength(1);
    expect(await errorsFor(`import type {SyncOp} from '${sync}/protocol';\nexport type A = SyncOp;\n`, file)).toHaveLength(0);
    expect(await errorsFor(`import {SYNC_FIELDS} from '${sync}/protocol-constants';\nexport const a = SYNC_FIELDS;\n`, file)).toHaveLength(0);
  });

  it('lets the lazily loaded pack-list schema reach zod, and the server use it', async () => {
    expect(await errorsFor("import {config} from 'zod';\nexport const c = config;\n", 'src/state/team-pack-schema.ts')).toHaveLength(0);
    expect(await errorsFor("import {opSchema} from '../../sync/protocol';\nexport const a = opSchema;\n", 'src/server/http/x.ts')).toHaveLength(0);
  });
});
