import type {Lang} from './lang';

/*
 * Where in a file an import found something. src/geo writes it as a short English locator
 * ("row 2", "rows 3–5", "feature 3", "Placemark 2", "plots record 4", "trk 1"); this words it
 * in the UI language, so a notice reads "第 2 行：…" in the Chinese UI.
 */

const UNITS: Readonly<Record<string, {zh: (n: string) => string; en: string}>> = {
  row: {zh: (n) => `第 ${n} 行`, en: 'row'},
  rows: {zh: (n) => `第 ${n} 行`, en: 'rows'},
  feature: {zh: (n) => `第 ${n} 个要素`, en: 'feature'},
  record: {zh: (n) => `第 ${n} 条记录`, en: 'record'},
  placemark: {zh: (n) => `第 ${n} 个地标`, en: 'Placemark'},
  trk: {zh: (n) => `第 ${n} 条轨迹`, en: 'track'},
  rte: {zh: (n) => `第 ${n} 条路线`, en: 'route'},
  wpt: {zh: (n) => `第 ${n} 个航点`, en: 'waypoint'},
};

/** The locator in `lang`; one it does not recognise is shown as it is. */
export function whereText(where: string, lang: Lang): string {
  const m = /^(?:(.+?) )?(row|rows|feature|record|Placemark|trk|rte|wpt) (\d+(?:–\d+)?)$/i.exec(where);
  if (!m) return where;
  const [, prefix, unit, number] = m;
  const words = UNITS[unit!.toLowerCase()]!;
  if (lang === 'zh') return `${prefix ? `${prefix} ` : ''}${words.zh(number!)}`;
  return `${prefix ? `${prefix} ` : ''}${words.en} ${number}`;
}

/** "第 2 行：" / "row 2: " before a notice, nothing when there is no locator. */
export function wherePrefix(where: string | null | undefined, lang: Lang): string {
  if (!where) return '';
  return lang === 'zh' ? `${whereText(where, lang)}：` : `${whereText(where, lang)}: `;
}
