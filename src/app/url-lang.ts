import type {Lang} from '../i18n/lang';

/** The URL with `lang` set (zh is the default, so it is removed), keeping the view hash. */
export function urlWithLang(href: string, lang: Lang): string {
  const url = new URL(href);
  if (lang === 'zh') url.searchParams.delete('lang');
  else url.searchParams.set('lang', lang);
  return url.href;
}
