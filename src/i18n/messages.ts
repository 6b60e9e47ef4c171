import type {Bilingual, Lang} from './lang';

/** UI strings. Keys are English-ish identifiers; every string exists in both languages. */
export const MESSAGES = {
  appTitle: {zh: '青海矿区治理地图', en: 'Qinghai Mining Remediation Map'},
  layers: {zh: '图层', en: 'Layers'},
  language: {zh: '语言', en: 'Language'},
  opacity: {zh: '不透明度', en: 'Opacity'},
  zoomToLayer: {zh: '缩放至图层', en: 'Zoom to layer'},
  legend: {zh: '图例', en: 'Legend'},
  featureInfo: {zh: '要素信息', en: 'Feature information'},
  close: {zh: '关闭', en: 'Close'},
  kind: {zh: '类型', en: 'Kind'},
  accuracy: {zh: '精度', en: 'Accuracy'},
  source: {zh: '来源', en: 'Source'},
  note: {zh: '说明', en: 'Note'},
  layer: {zh: '图层', en: 'Layer'},
  officialArea: {zh: '官方面积', en: 'Official area'},
  cursor: {zh: '光标位置', en: 'Cursor position'},
  clickHint: {zh: '点击地图要素查看信息', en: 'Click a feature on the map for its details'},
  dataLoadFailed: {zh: '图层数据加载失败', en: 'Layer data failed to load'},
  mapFailed: {zh: '地图无法显示', en: 'The map cannot be shown'},
  offlineNote: {
    zh: '全部底图、字体与数据随应用提供，离线可用。',
    en: 'Basemap, fonts and data ship with the app: it works offline.',
  },
  approxNote: {
    zh: '虚线/空心符号为示意位置，非测绘成果。',
    en: 'Dashed or hollow symbols are indicative or schematic, not survey results.',
  },
  target: {zh: '目标', en: 'Target'},
} as const satisfies Record<string, Bilingual>;

export type MessageKey = keyof typeof MESSAGES;

export function t(key: MessageKey, lang: Lang): string {
  return MESSAGES[key][lang];
}

export const ACCURACY_LABELS = {
  surveyed: {zh: '实测', en: 'Surveyed'},
  published: {zh: '公开数据', en: 'Published'},
  indicative: {zh: '示意（位置近似）', en: 'Indicative (approximate)'},
  schematic: {zh: '示意线（走向示意）', en: 'Schematic (route only)'},
} as const satisfies Record<string, Bilingual>;

export const KIND_LABELS: Record<string, Bilingual> = {
  prefecture: {zh: '地级行政区', en: 'Prefecture'},
  county: {zh: '县级行政区', en: 'County-level unit'},
  'subsidence-zone': {zh: '采煤沉陷区', en: 'Coal-mining subsidence zone'},
  coalfield: {zh: '煤田范围', en: 'Coalfield extent'},
  'mine-site': {zh: '矿井/采区', en: 'Mine site'},
  'industrial-park': {zh: '产业园区', en: 'Industrial park'},
  'logistics-hub': {zh: '物流枢纽', en: 'Logistics hub'},
  'rail-line': {zh: '铁路线', en: 'Rail line'},
  station: {zh: '车站', en: 'Station'},
  province: {zh: '省级行政区', en: 'Province'},
  lake: {zh: '湖泊', en: 'Lake'},
  river: {zh: '河流', en: 'River'},
  town: {zh: '城镇', en: 'Town'},
};
