import {STATUSES} from '../../seeds/programme';
import type {Lang} from '../i18n/lang';
import {BASEMAP_LEGEND} from './basemap';
import type {ZonesSource} from '../geo/zones-import';
import {LAYERS, legendOf} from './layers';
import {STATUS_COLORS} from './plots';
import type {LayerId, LegendEntry} from './types';

export type LegendRow = {readonly label: string; readonly entry: LegendEntry};

/** Said under every legend: how the map marks what is not survey data. */
export const APPROXIMATE_KEY = {
  zh: '虚线/空心符号为示意位置，非测绘成果。',
  en: 'Dashed or hollow symbols are indicative or schematic, not survey results.',
} as const;

/**
 * The legend of the map as shown: plot statuses, every entry of each visible layer (so an
 * indicative zone is listed under its own “（示意范围）” label, not under the layer's title)
 * and the basemap's hand-drawn salt lakes. The presenter overlay, the printed page and the
 * exported sheet all draw this list. With official zones loaded, the zones entry names their file
 * instead (legendOf).
 */
/**
 * The layer state an exported sheet's legend is drawn from: a layer stays in only if it is
 * visible and the map drew at least one of its features in the view (`inView`: the layer ids
 * the map found rendered). A layer off-screen or hidden is left out of the legend.
 */
export function layersInView<S extends {readonly visible: boolean}>(
  layerState: Readonly<Record<LayerId, S>>,
  inView: ReadonlySet<string>,
): Record<LayerId, {readonly visible: boolean}> {
  const out = {} as Record<LayerId, {readonly visible: boolean}>;
  for (const id of Object.keys(layerState) as LayerId[]) out[id] = {visible: Boolean(layerState[id]?.visible) && inView.has(id)};
  return out;
}

export function mapLegendRows(layerState: Readonly<Record<LayerId, {readonly visible: boolean}>>, lang: Lang, zones: ZonesSource = {kind: 'indicative'}): LegendRow[] {
  const statuses = STATUSES.map((s): LegendRow => ({label: s[lang], entry: {label: s, shape: 'fill', color: STATUS_COLORS[s.code], approximate: false}}));
  const layers = LAYERS.filter((l) => layerState[l.id]?.visible).flatMap((l) => legendOf(l, zones).map((entry): LegendRow => ({label: entry.label[lang], entry})));
  const basemap = BASEMAP_LEGEND.map((entry): LegendRow => ({label: entry.label[lang], entry}));
  return [...statuses, ...layers, ...basemap];
}
