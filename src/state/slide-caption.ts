import {MEASURES, STATUSES} from '../../seeds/programme';
import type {FeatureCollection} from 'geojson';
import {placeAt} from '../geo/place-at';
import type {Place} from '../geo/place-at';
import type {Lang} from '../i18n/lang';
import type {Camera} from './presenter-slice';
import {LAYER_IDS} from '../catalogue/types';
import type {PlotFilters} from './filters-slice';

const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** A day for a caption: `2025-06-30` is “2025年6月30日” or “30 June 2025”. */
export function captionDate(isoDay: string, lang: Lang): string {
  const [y, m, d] = isoDay.slice(0, 10).split('-').map(Number) as [number, number, number];
  return lang === 'zh' ? `${y}年${m}月${d}日` : `${d} ${MONTHS_EN[m - 1]} ${y}`;
}

export type CaptionFigures = {readonly asOf: string; readonly remediatedMu: number; readonly percentOfTarget: number};

/** What the filters narrow the figures to, in words; empty when nothing is filtered but the day. */
function filterNote(filters: PlotFilters, lang: Lang): string {
  const parts: string[] = [];
  if (filters.measures.length > 0) parts.push(filters.measures.map((c) => MEASURES.find((m) => m.code === c)?.[lang] ?? c).join(lang === 'zh' ? '、' : ', '));
  if (filters.statuses.length > 0) parts.push(filters.statuses.map((c) => STATUSES.find((s) => s.code === c)?.[lang] ?? c).join(lang === 'zh' ? '、' : ', '));
  if (filters.teams.length > 0) parts.push(filters.teams.join(lang === 'zh' ? '、' : ', '));
  if (filters.from !== null || filters.to !== null) {
    const from = filters.from ? captionDate(filters.from, lang) : '…';
    const to = filters.to ? captionDate(filters.to, lang) : '…';
    parts.push(lang === 'zh' ? `${from}至${to}完成` : `completed ${from} – ${to}`);
  }
  if (parts.length === 0) return '';
  return lang === 'zh' ? `（${parts.join('；')}）` : ` (${parts.join('; ')})`;
}

/**
 * A slide caption written from the figures, e.g.
 * “截至2025年6月30日，大通县采煤沉陷区已完成治理3,280亩，占目标的44.9%” /
 * “As of 30 June 2025, 3,280 mu of Datong's coal-mining subsidence areas had been remediated, 44.9% of the target”.
 * Mu are rounded to whole mu and the share to one decimal, as the figures are read aloud.
 */
export function slideCaption(figures: CaptionFigures, lang: Lang, filters?: PlotFilters, place?: Place | null): string {
  const mu = new Intl.NumberFormat('en', {maximumFractionDigits: 0}).format(figures.remediatedMu);
  const percent = new Intl.NumberFormat('en', {minimumFractionDigits: 1, maximumFractionDigits: 1}).format(figures.percentOfTarget);
  const note = filters ? filterNote(filters, lang) : '';
  if (lang === 'zh') {
    const sentence = `截至${captionDate(figures.asOf, 'zh')}，大通县采煤沉陷区${note}已完成治理${mu}亩，占目标的${percent}%`;
    return place ? `${place.zh}：${sentence}` : sentence;
  }
  const sentence = `${place ? 'as' : 'As'} of ${captionDate(figures.asOf, 'en')}, ${mu} mu of Datong's coal-mining subsidence areas${note} had been remediated, ${percent}% of the target`;
  return place ? `${place.en}: ${sentence}` : sentence;
}

/** The programme layers' GeoJSON as loaded in the store (not the basemap), for placeOfView. */
export function layerCollections(geodata: Readonly<Record<string, {readonly features: FeatureCollection}>> | null): FeatureCollection[] {
  return geodata ? LAYER_IDS.map((id) => geodata[id]?.features).filter((f): f is FeatureCollection => f !== undefined) : [];
}

/** The prefecture is named by its layer's short title (海西州), not its full official name. */
const SHORT_NAMES: Readonly<Record<string, Place>> = {prefecture: {zh: '海西州', en: 'Haixi Prefecture'}};

/**
 * What a slide's camera shows, for its caption: the most specific programme area (subsidence
 * zone, mine site, coalfield, county, Haixi) its centre lies in at its zoom, from the layers'
 * loaded GeoJSON; else the centre as coordinates, so two slides over different places never
 * share a caption.
 */
export function placeOfView(camera: Pick<Camera, 'center' | 'zoom'>, collections: readonly FeatureCollection[]): Place {
  const found = placeAt([...camera.center], camera.zoom, collections, SHORT_NAMES);
  if (found) return found;
  const [lon, lat] = camera.center;
  const ew = (v: number, zh: [string, string], en: [string, string]) => ({zh: `${v >= 0 ? zh[0] : zh[1]}${Math.abs(v).toFixed(2)}°`, en: `${Math.abs(v).toFixed(2)}°${v >= 0 ? en[0] : en[1]}`});
  const x = ew(lon, ['东经', '西经'], ['E', 'W']);
  const y = ew(lat, ['北纬', '南纬'], ['N', 'S']);
  return {zh: `${x.zh}、${y.zh}一带`, en: `Around ${y.en}, ${x.en}`};
}
