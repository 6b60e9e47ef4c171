export const LANGS = ['zh', 'en'] as const;
export type Lang = (typeof LANGS)[number];

/** Chinese first: anything but an explicit `lang=en` gives zh. */
export function langFromSearch(search: string): Lang {
  const value = new URLSearchParams(search).get('lang');
  return value !== null && value.toLowerCase().startsWith('en') ? 'en' : 'zh';
}

/** A pair of texts, one per UI language. */
export type Bilingual = {readonly zh: string; readonly en: string};

export function pick(text: Bilingual, lang: Lang): string {
  return text[lang];
}

/**
 * The BCP 47 locale of each UI language, for Intl formatting, collation and the `lang`
 * attribute: the one place the mapping is written.
 */
export const LOCALES: Readonly<Record<Lang, string>> = {zh: 'zh-CN', en: 'en'};

export function localeOf(lang: Lang): string {
  return LOCALES[lang];
}
