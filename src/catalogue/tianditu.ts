import type {LayerSpecification, SourceSpecification} from '@maplibre/maplibre-gl-style-spec';
import type {Lang} from '../i18n/lang';

/*
 * Tianditu (天地图, the national online map of China's Ministry of Natural Resources), as an
 * optional online basemap: off unless the user turns it on with their own key. Its Web-Mercator
 * WMTS layers ("_w" tile matrix set) are a base layer and its annotation (label) layer.
 * The style names the tiles by a protocol of the app's own (`qhtdt://vec_w/{z}/{x}/{y}`), so
 * the key never appears in the style, and the map's fetch of each tile is made by
 * src/map/behaviours/tianditu-tiles.ts, which refuses when the setting is off and never lets a tile be cached.
 * Service documentation: http://lbs.tianditu.gov.cn/server/MapService.html
 */

export const TIANDITU_SETS = ['vector', 'imagery', 'terrain'] as const;
export type TiandituSet = (typeof TIANDITU_SETS)[number];

export type TiandituSettings = {
  readonly enabled: boolean;
  /** The user's own key (tk), kept on this device only. */
  readonly key: string;
  readonly set: TiandituSet;
  /** The map review number (审图号) the user's use is covered by, shown on the map. */
  readonly reviewNumber: string;
};

export const TIANDITU_OFF: TiandituSettings = {enabled: false, key: '', set: 'vector', reviewNumber: ''};

/** Base layer and label layer of each set (WMTS layer names, Web-Mercator matrix set). */
export const TIANDITU_LAYERS: Readonly<Record<TiandituSet, readonly [base: string, labels: string]>> = {
  vector: ['vec', 'cva'],
  imagery: ['img', 'cia'],
  terrain: ['ter', 'cta'],
};

/** The eight tile hosts (t0–t7), the only ones the app may reach for Tianditu. */
export const TIANDITU_HOSTS = Array.from({length: 8}, (_, i) => `t${i}.tianditu.gov.cn`);

export const TIANDITU_PROTOCOL = 'qhtdt';
const SOURCE = 'tianditu';

/** Whether the settings make the map ask Tianditu for tiles: on, with a key. */
export const tiandituActive = (s: TiandituSettings): boolean => s.enabled && /^[0-9a-f]{16,64}$/i.test(s.key.trim());

/**
 * The WMTS GetTile address of one tile (KVP encoding, OGC 07-057r7 §7.2): TILEMATRIX is the
 * zoom, TILEROW y and TILECOL x of the slippy-map grid; the host is chosen by the tile so
 * requests spread over t0–t7 as Tianditu asks.
 */
export function tiandituTileUrl(layer: string, z: number, x: number, y: number, key: string): string {
  const host = TIANDITU_HOSTS[(x + y) % TIANDITU_HOSTS.length]!;
  const params = new URLSearchParams({
    SERVICE: 'WMTS', REQUEST: 'GetTile', VERSION: '1.0.0', LAYER: layer, STYLE: 'default',
    TILEMATRIXSET: 'w', FORMAT: 'tiles', TILEMATRIX: String(z), TILEROW: String(y), TILECOL: String(x), tk: key.trim(),
  });
  return `https://${host}/${layer}_w/wmts?${params.toString()}`;
}

const TILE_URL = new RegExp(`^${TIANDITU_PROTOCOL}://([a-z]{3})_w/(\\d+)/(\\d+)/(\\d+)$`);

/** The layer and tile of a `qhtdt://` URL, or null. */
export function parseTiandituUrl(url: string): {layer: string; z: number; x: number; y: number} | null {
  const m = TILE_URL.exec(url);
  return m ? {layer: m[1]!, z: Number(m[2]), x: Number(m[3]), y: Number(m[4])} : null;
}

const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Tianditu's credit and the review number, as the attribution control shows them (escaped: it renders HTML). */
export function tiandituAttribution(s: TiandituSettings, lang: Lang): string {
  const credit = lang === 'zh' ? '© 天地图（国家地理信息公共服务平台）' : '© Tianditu (National Platform for Common Geospatial Information Services)';
  const review = s.reviewNumber.trim();
  const number = review ? (lang === 'zh' ? `审图号：${review}` : `Map review number 审图号: ${review}`) : lang === 'zh' ? '审图号：未填写' : 'Map review number 审图号: not given';
  return escapeHtml(`${credit} · ${number}`);
}

export function tiandituSources(s: TiandituSettings | null, lang: Lang): Record<string, SourceSpecification> {
  if (!s || !tiandituActive(s)) return {};
  const [base, labels] = TIANDITU_LAYERS[s.set];
  const source = (layer: string, attribution: string): SourceSpecification => ({
    type: 'raster', tiles: [`${TIANDITU_PROTOCOL}://${layer}_w/{z}/{x}/{y}`], tileSize: 256, minzoom: 1, maxzoom: 18, attribution,
  });
  return {[`${SOURCE}:${base}`]: source(base, tiandituAttribution(s, lang)), [`${SOURCE}:${labels}`]: source(labels, '')};
}

/** Base then labels, over the shipped basemap and under the device's packs and the programme's layers. */
export function tiandituLayers(s: TiandituSettings | null): LayerSpecification[] {
  if (!s || !tiandituActive(s)) return [];
  return TIANDITU_LAYERS[s.set].map((layer): LayerSpecification => ({id: `${SOURCE}:${layer}`, type: 'raster', source: `${SOURCE}:${layer}`}));
}
