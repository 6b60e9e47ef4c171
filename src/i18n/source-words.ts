import type {Bilingual, Lang} from './lang';

/*
 * The layer files' `source` properties are build notes (they name the project's reference
 * files and the packages the build used). The feature panel shows readers what the data is
 * compiled from instead, in the UI language.
 */

const WIKI_AMAP: Bilingual = {
  zh: '本项目据维基百科与高德地图的县城中心坐标整理',
  en: 'Compiled by this project from Wikipedia and AMap county-centre coordinates',
};
const AMAP: Bilingual = {
  zh: '高德地图行政区划（GCJ-02 坐标已转换为 WGS84，经简化）；仅限非商业用途',
  en: 'AMap administrative boundaries (GCJ-02 converted to WGS84, simplified); non-commercial use only',
};

/** What each stored source note means to a reader; matched by how the note begins. */
const SOURCES: readonly (readonly [prefix: string, words: Bilingual])[] = [
  ['PLACES.md coordinates table (Wikipedia / AMap county centres); station placed at the town anchor', {
    zh: `${WIKI_AMAP.zh}；车站按城镇位置标注`,
    en: `${WIKI_AMAP.en}; the station is placed at the town`,
  }],
  ['PLACES.md coordinates table', WIKI_AMAP],
  ['Natural Earth 10m admin-1', {
    zh: 'Natural Earth 1:1000 万省级行政区界线（公有领域），经简化',
    en: 'Natural Earth 1:10m first-level administrative boundaries (public domain), simplified',
  }],
  ['Natural Earth 50m', {
    zh: 'Natural Earth 1:5000 万地理数据（公有领域），名称由本项目标注',
    en: 'Natural Earth 1:50m data (public domain); names given by this project',
  }],
  ['AMap (高德) boundaries', AMAP],
  ['Hand-drawn by this project from PLACES.md (Wikipedia) centre point and dimensions', {
    zh: '本项目据维基百科的中心点与尺寸绘制',
    en: 'Drawn by this project from the centre point and dimensions given by Wikipedia',
  }],
  ['Hand-drawn by this project from PLACES.md facts (2012 project', {
    zh: '本项目据公开资料绘制（2012 年项目：13.85 平方千米；覆盖范围提及两角、甘沟）',
    en: 'Drawn by this project from published facts (2012 project: 13.85 km²; Liangjiao and Gangou named in its coverage)',
  }],
  ['Hand-drawn by this project from PLACES.md facts (EJAtlas', {
    zh: '本项目据公开报道（EJAtlas、财新、中国新闻网）绘制；没有公开的矿坑边界',
    en: 'Drawn by this project from published reports (EJAtlas, Caixin, China News Service); no public pit outlines exist',
  }],
  ['Placed by this project near the city anchors', {
    zh: '本项目按所在城市位置示意标注；园区边界无公开来源',
    en: 'Placed by this project near its city; the park boundary has no public source',
  }],
  ['Hand-drawn by this project through PLACES.md anchors', {
    zh: '本项目按沿线城镇位置绘制；中间点为近似位置',
    en: 'Drawn by this project through the towns along the line; points in between are approximate',
  }],
];

/**
 * A note with the project's internal names taken out: reference-file names ("(PLACES.md)")
 * and "via some-package 1.2.3" build details, for any note the table above does not know.
 */
export function withoutInternalNames(text: string): string {
  return text
    .replace(/\s*\(PLACES\.md\)/g, '')
    .replace(/\s*（PLACES\.md）/g, '')
    .replace(/PLACES\.md\s*/g, '')
    .replace(/\s+via [\w.-]+ \d+(\.\d+)*/g, '')
    .replace(/,?\s*simplified with mapshaper [\d.]+/g, ', simplified')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

/** The feature's source for a reader, in `lang`, never naming internal files or packages. */
export function sourceText(raw: unknown, lang: Lang): string {
  const text = typeof raw === 'string' ? raw : '';
  const known = SOURCES.find(([prefix]) => text.startsWith(prefix));
  if (known) return known[1][lang];
  return withoutInternalNames(text);
}
