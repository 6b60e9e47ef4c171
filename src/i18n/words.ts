import type {Lang} from './lang';

/*
 * The one mechanism behind every word of the UI: an entry gives the text in each language,
 * either as a template whose `{name}` slots are filled from the call's values, or as a
 * function of those values where the wording branches (a ring's label, a reason's variant).
 * The tables live in files by area; i18n/messages.ts joins them into the one dictionary `t`.
 */

/** The values a message is made from: counts, names, codes, a reason's parameters. */
export type Vars = Readonly<Record<string, string | number | readonly string[] | undefined>>;

export type Words = string | ((vars: Vars) => string);

/** One message in both UI languages. */
export type Entry = {readonly zh: Words; readonly en: Words};

/**
 * The entry's text in `lang`: a function is called with `vars`; a template has each `{name}`
 * replaced by `vars[name]`, and a slot with no value is left as it is (some callers fill
 * `{z}`-style slots themselves).
 */
export function word(entry: Entry, lang: Lang, vars: Vars = {}): string {
  const w = entry[lang];
  if (typeof w === 'function') return w(vars);
  return w.replace(/\{(\w+)\}/g, (slot, k: string) => {
    const v = vars[k];
    return v === undefined ? slot : String(v);
  });
}

/** A table's keys under a prefix (`data.title`), so areas can share one dictionary without clashing. */
export function prefixed<P extends string, T extends Record<string, Entry>>(prefix: P, table: T): {readonly [K in keyof T & string as `${P}.${K}`]: T[K]} {
  return Object.fromEntries(Object.entries(table).map(([k, v]) => [`${prefix}.${k}`, v])) as {readonly [K in keyof T & string as `${P}.${K}`]: T[K]};
}
