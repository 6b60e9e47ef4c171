import type {Bilingual} from './lang';

/*
 * What the info panel calls a feature's kind and accuracy, in both languages (read with
 * `pick`). Kept apart from the dictionary tables, whose chunks carry one language each.
 */

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
