import {dirname, relative, resolve, sep} from 'node:path';

/**
 * The one-way layering of src/ as a lint rule: every relative import (static, dynamic,
 * re-export, `import type`, `import('…')` in a type) is resolved against the importing file
 * and must point into the importer's own folder or one the table lets it use.
 *
 * No-restricted-imports matches the import string, not the file it names, so
 * `'../../state/store'` and `'../state'` would each need a pattern and dynamic imports would
 * pass unseen; eslint-plugin-import's no-restricted-paths resolves paths but is a large
 * dependency for one table. This is the small part of it the app needs.
 *
 * Options: {root, layers: {[name]: {may: string[]}}, allow: [{from, files?, to, why}]}
 * - a layer is `src/<name>/…`, or `seeds/…` (name `seeds`); other files are not checked;
 * - `allow` lists single edges against the table: `to` is a layer name or a module path
 *   (`src/app/security-headers`, no extension); `files` narrows it to some importing files.
 */
export const layering = {
  meta: {
    type: 'problem',
    docs: {description: 'Imports follow the layer order of src/ (see eslint.config.js).'},
    schema: [{type: 'object', additionalProperties: true}],
    messages: {
      against: '{{from}} must not import {{to}} ({{target}}): {{why}}',
    },
  },
  create(context) {
    const {root, layers, allow = []} = context.options[0] ?? {};
    const posix = (p) => p.split(sep).join('/');
    const file = posix(relative(root, context.filename));
    const from = layerOf(file);
    if (!from || !layers[from]) return {};
    const may = new Set(layers[from].may);

    const check = (node, spec) => {
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      const target = posix(relative(root, resolve(dirname(context.filename), spec)));
      const to = layerOf(target);
      if (!to || to === from || may.has(to)) return;
      const module = target.replace(/\.(tsx?|m?js|json)$/, '');
      const allowed = allow.some((a) => a.from === from && (a.to === to || a.to === module) && (!a.files || a.files.includes(file)));
      if (allowed) return;
      context.report({node, messageId: 'against', data: {from, to, target: spec, why: layers[from].why ?? `${from} may import only ${[...may].join(', ') || 'nothing else in src'}`}});
    };
    const literal = (n) => (n && n.type === 'Literal' ? n.value : undefined);
    return {
      ImportDeclaration: (n) => check(n, n.source.value),
      ExportNamedDeclaration: (n) => n.source && check(n, n.source.value),
      ExportAllDeclaration: (n) => check(n, n.source.value),
      ImportExpression: (n) => check(n, literal(n.source)),
      // typescript-eslint 8 names the string `source` (older: `argument`, a TSLiteralType).
      TSImportType: (n) => check(n, n.source ? literal(n.source) : literal(n.argument?.literal)),
    };
  },
};

/** `src/geo/area.ts` → `geo`, `seeds/programme.ts` → `seeds`, anything else → null. */
function layerOf(path) {
  const parts = path.split('/');
  if (parts[0] === 'seeds') return 'seeds';
  if (parts[0] === 'src' && parts.length > 2) return parts[1];
  return null;
}
