import ts from 'typescript';
import {describe, expect, it} from 'vitest';
import {DICTIONARY_MODULES, keepLanguage} from './dictionary-split';
import {DICTIONARY} from './messages';

describe('one language cut out of the dictionary tables for the build', () => {
  const source = `import type {Entry} from './words';
const both = (f: (v: number) => {zh: string; en: string}): Entry => ({zh: (v) => f(Number(v.n)).zh, en: (v) => f(Number(v.n)).en});
export const TABLE = {
  layers: {zh: '图层', en: 'Layers'},
  // a comment stays
  reversed: {en: 'Plots, {n}', zh: '地块 {n}'},
  'quoted-key': {'zh': '是', 'en': 'yes', extra: 1},
  worded: both((n) => n > 1 ? {zh: \`\${n} 个\`, en: \`\${n} of them\`} : {zh: '一个', en: 'one'}),
  onlyOne: {zh: '只有中文'},
  nested: {hint: {zh: '提示', en: 'Hint'}},
} as const;
`;
  /** The table the cut source makes, run as JavaScript. */
  const run = (code: string) => {
    const js = ts.transpileModule(code, {compilerOptions: {module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022}}).outputText;
    const exports: Record<string, unknown> = {};
    new Function('exports', 'require', js)(exports, () => ({}));
    return exports.TABLE as Record<string, unknown>;
  };

  it('keeps the Chinese half of every {zh, en} pair, wherever it is, and nothing English', () => {
    const zh = keepLanguage(source, 'zh');
    expect(zh).not.toMatch(/Layers|Plots|yes|of them|'one'|Hint/);
    expect(zh).toContain("// a comment stays");
    expect(zh).toContain("onlyOne: {zh: '只有中文'}");
    const table = run(zh) as {layers: object; reversed: object; 'quoted-key': object; worded: {zh: (v: object) => string}; nested: {hint: object}};
    expect(table.layers).toEqual({zh: '图层'});
    expect(table.reversed).toEqual({zh: '地块 {n}'});
    expect(table['quoted-key']).toEqual({zh: '是', extra: 1});
    expect(table.worded.zh({n: 3})).toBe('3 个');
    expect(Object.keys(table.worded)).toEqual(['zh']);
    expect(table.nested).toEqual({hint: {zh: '提示'}});
  });

  it('keeps the English half for the English chunk', () => {
    const en = keepLanguage(source, 'en');
    expect(en).not.toMatch(/图层|地块|是|个|提示/);
    const table = run(en) as {reversed: object; worded: {en: (v: object) => string}; onlyOne: object};
    expect(table.reversed).toEqual({en: 'Plots, {n}'});
    expect(table.worded.en({n: 1})).toBe('one');
    // A lone language is not a pair: left alone.
    expect(table.onlyOne).toEqual({zh: '只有中文'});
  });

  it('is cut only from modules whose every pair is a dictionary entry, reached through t alone', async () => {
    // A bilingual table read another way (with pick, say) would lose a language in the build.
    const entries = new Set<unknown>(Object.values(DICTIONARY));
    const modules = import.meta.glob('./*.ts');
    for (const file of DICTIONARY_MODULES) {
      const exports = (await modules[`./${file}`]!()) as Record<string, unknown>;
      for (const [name, value] of Object.entries(exports)) {
        if (typeof value !== 'object' || value === null || name === 'DICTIONARY') continue;
        for (const [key, entry] of Object.entries(value)) expect(entries.has(entry), `${file} ${name}.${key} is in the dictionary`).toBe(true);
      }
    }
  });
});
