import {readFileSync} from 'node:fs';
import ts from 'typescript';
import type {Plugin} from 'vite';
import type {Lang} from './lang';

/*
 * Build tooling (vite.config.ts), never part of the app: the dictionary's tables keep both
 * languages side by side in the source, and the build gives each language a chunk of its own
 * (issue 11: the two were 28.5 kB gzip of the first JavaScript; a page needs one).
 */

/** The modules of src/i18n whose every `{zh, en}` pair is reached only through `t` (messages.ts). */
export const DICTIONARY_MODULES = ['messages.ts', 'data-messages.ts', 'zone-messages.ts', 'pack-messages.ts', 'team-messages.ts', 'reason-messages.ts'] as const;

/** The one module whose imports get the English cut (it re-exports the dictionary). */
const ENGLISH_ENTRY = '/src/i18n/messages-en.ts';
const ENGLISH = '?lang=en';

const nameOf = (p: ts.ObjectLiteralElementLike): string | undefined =>
  p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? p.name.text : undefined;

/**
 * `source` (TypeScript) with the other language's half of every object literal that has both a
 * `zh` and an `en` property taken out: `{zh: '图层', en: 'Layers'}` becomes `{zh: '图层'}` for
 * `keep = 'zh'`. Everything else, comments included, is left as it was.
 */
export function keepLanguage(source: string, keep: Lang): string {
  const drop = keep === 'zh' ? 'en' : 'zh';
  const file = ts.createSourceFile('words.ts', source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const cuts: [number, number][] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isObjectLiteralExpression(node)) {
      const names = new Set(node.properties.map(nameOf));
      const pair = names.has('zh') && names.has('en');
      for (const p of node.properties) {
        if (!pair || nameOf(p) !== drop) {
          visit(p);
          continue;
        }
        // The property and the comma after it, if any: `{en: 'x', zh: 'y'}` stays valid.
        let end = p.getEnd();
        while (end < source.length && /\s/.test(source[end]!)) end++;
        if (source[end] === ',') end++;
        cuts.push([p.getStart(file), end]);
      }
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  let out = source;
  for (const [start, end] of cuts.reverse()) out = out.slice(0, start) + out.slice(end);
  return out;
}

const pathOf = (id: string) => id.split('?')[0]!;
const isDictionary = (id: string) => DICTIONARY_MODULES.some((f) => pathOf(id).endsWith(`/src/i18n/${f}`));

/**
 * The build's two dictionaries: the dictionary modules as the app imports them keep their
 * Chinese words; imported from messages-en.ts (and from one another there) they are the same
 * modules again, as `…?lang=en`, with their English words. Not in the dev server or tests,
 * where the dictionary has both languages.
 */
export function dictionarySplit(): Plugin {
  return {
    name: 'qh-dictionary-split',
    apply: 'build',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (!importer || !(importer.endsWith(ENGLISH) || pathOf(importer).endsWith(ENGLISH_ENTRY))) return null;
      const resolved = await this.resolve(source, pathOf(importer), {...options, skipSelf: true});
      if (!resolved || !isDictionary(resolved.id)) return null;
      return pathOf(resolved.id) + ENGLISH;
    },
    load(id) {
      if (!id.endsWith(ENGLISH) || !isDictionary(id)) return null;
      return {code: readFileSync(pathOf(id), 'utf8'), moduleType: 'ts'};
    },
    transform(code, id) {
      if (!isDictionary(id)) return null;
      return {code: keepLanguage(code, id.endsWith(ENGLISH) ? 'en' : 'zh'), map: null};
    },
  };
}
