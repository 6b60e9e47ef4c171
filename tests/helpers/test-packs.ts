import {readFileSync} from 'node:fs';
import GeoJSONVT from 'geojson-vt';
import {fromGeojsonVt} from 'vt-pbf';
import type {Feature, FeatureCollection, Geometry} from 'geojson';
import {encodePng, terrarium} from './png';
import {tilesCovering, writePmtiles} from './pmtiles-writer';
import type {TileInput} from './pmtiles-writer';

/**
 * Basemap packs made in the test run — never downloaded. The vector pack holds the project's
 * own Datong data (geodata/datong.geojson, the Qiaotou town point of geodata/basemap.geojson)
 * in the Protomaps basemap schema, plus a SYNTHETIC street grid, buildings and a river so there
 * is detail to see at z16; the imagery and the DEM are synthetic patterns. None of it is survey
 * data or OpenStreetMap data.
 */
export type Bounds = readonly [number, number, number, number];

/** Around Qiaotou (Datong's county town) and the subsidence zones north-west of it. */
export const DATONG_PACK_BOUNDS: Bounds = [101.6, 36.9, 101.8, 37.0];

const geodata = (file: string) =>
  JSON.parse(readFileSync(new URL(`../../geodata/${file}`, import.meta.url), 'utf8')) as FeatureCollection;

const feature = (geometry: Geometry, properties: Record<string, unknown>): Feature => ({type: 'Feature', geometry, properties});
const box = ([w, s, e, n]: Bounds): Geometry => ({type: 'Polygon', coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]]});

function protomapsLayers(bounds: Bounds): Record<string, FeatureCollection> {
  const [w, s, e, n] = bounds;
  const roads: Feature[] = [];
  // Synthetic streets: minor every ≈350 m, major every ≈1.8 km.
  for (let i = 0, lon = w; lon <= e + 1e-9; i++, lon += 0.004) {
    const major = i % 5 === 0;
    roads.push(feature({type: 'LineString', coordinates: [[lon, s], [lon, n]]}, {kind: major ? 'major_road' : 'minor_road', min_zoom: 10, ...(major ? {name: `测试路${i / 5 + 1}`} : {})}));
  }
  for (let i = 0, lat = s; lat <= n + 1e-9; i++, lat += 0.004) {
    roads.push(feature({type: 'LineString', coordinates: [[w, lat], [e, lat]]}, {kind: i % 5 === 0 ? 'major_road' : 'minor_road', min_zoom: 10}));
  }
  const buildings: Feature[] = [];
  for (let lon = 101.67; lon < 101.71; lon += 0.0015) {
    for (let lat = 36.93; lat < 36.96; lat += 0.0012) {
      buildings.push(feature(box([lon, lat, lon + 0.0008, lat + 0.0006]), {kind: 'building', min_zoom: 14}));
    }
  }
  const zones = geodata('datong.geojson').features.filter((f) => f.properties?.kind === 'subsidence-zone');
  const qiaotou = geodata('basemap.geojson').features.find((f) => f.properties?.id === 'town-qiaotou')!;
  return {
    earth: {type: 'FeatureCollection', features: [feature(box(bounds), {kind: 'earth', min_zoom: 0})]},
    water: {
      type: 'FeatureCollection',
      features: [
        feature({type: 'LineString', coordinates: [[w, s + 0.02], [101.66, 36.94], [101.7, 36.945], [e, n - 0.03]]}, {kind: 'river', min_zoom: 8, name: '测试河'}),
        feature(box([101.72, 36.91, 101.74, 36.925]), {kind: 'water', min_zoom: 8, name: '测试湖'}),
      ],
    },
    landuse: {type: 'FeatureCollection', features: zones.map((z) => feature(z.geometry, {kind: 'industrial', min_zoom: 10, name: z.properties?.name_zh}))},
    roads: {type: 'FeatureCollection', features: roads},
    buildings: {type: 'FeatureCollection', features: buildings},
    places: {
      type: 'FeatureCollection',
      features: [feature(qiaotou.geometry, {kind: 'locality', min_zoom: 8, population_rank: 10, name: '桥头镇', 'name:zh-Hans': '桥头镇', 'name:en': 'Qiaotou', script: 'Han'})],
    },
  };
}

/** The vector pack's tiles (MVT, not gzipped) and its layer names. */
export function vectorTiles(bounds: Bounds = DATONG_PACK_BOUNDS, zooms: readonly [number, number] = [10, 15]): {tiles: TileInput[]; layers: string[]} {
  const layers = protomapsLayers(bounds);
  const indexes = Object.fromEntries(Object.entries(layers).map(([id, fc]) => [id, new GeoJSONVT(fc, {maxZoom: zooms[1], indexMaxZoom: zooms[1], buffer: 64})]));
  const tiles: TileInput[] = [];
  for (let z = zooms[0]; z <= zooms[1]; z++) {
    for (const [x, y] of tilesCovering(bounds, z)) {
      const tileLayers: Record<string, unknown> = {};
      for (const [id, index] of Object.entries(indexes)) {
        const t = index.getTile(z, x, y);
        if (t && t.features.length > 0) tileLayers[id] = t;
      }
      tiles.push({z, x, y, data: fromGeojsonVt(tileLayers, {version: 2})});
    }
  }
  return {tiles, layers: Object.keys(layers)};
}

export function vectorPack(bounds: Bounds = DATONG_PACK_BOUNDS, zooms: readonly [number, number] = [10, 15], metadata: Record<string, unknown> = {}): Uint8Array {
  const {tiles, layers} = vectorTiles(bounds, zooms);
  return writePmtiles(tiles, {
    tileType: 1,
    gzipTiles: true,
    bounds,
    metadata: {
      name: 'Datong test pack (synthetic)',
      attribution: 'Test data made from this project’s geodata; not <b>OpenStreetMap</b>',
      type: 'baselayer',
      vector_layers: layers.map((id) => ({id, fields: {}})),
      ...metadata,
    },
  });
}

const tileLonLat = (z: number, x: number, y: number, px: number, py: number): [number, number] => {
  const n = 2 ** z;
  const lon = ((x + px / 256) / n) * 360 - 180;
  const lat = (Math.atan(Math.sinh(Math.PI * (1 - (2 * (y + py / 256)) / n))) * 180) / Math.PI;
  return [lon, lat];
};

export function imageTiles(bounds: Bounds, zooms: readonly [number, number], pixel: (lon: number, lat: number) => [number, number, number]): TileInput[] {
  const tiles: TileInput[] = [];
  for (let z = zooms[0]; z <= zooms[1]; z++) {
    for (const [x, y] of tilesCovering(bounds, z)) {
      tiles.push({z, x, y, data: encodePng(256, 256, (px, py) => pixel(...tileLonLat(z, x, y, px, py)))});
    }
  }
  return tiles;
}

/** Synthetic “imagery”: fields in stripes of ochre and green with darker field edges. */
export function rasterPack(bounds: Bounds = DATONG_PACK_BOUNDS, zooms: readonly [number, number] = [10, 13]): Uint8Array {
  const tiles = imageTiles(bounds, zooms, (lon, lat) => {
    const u = (lon * 400) % 1;
    const v = (lat * 400) % 1;
    if (u < 0.06 || v < 0.06) return [90, 80, 60];
    return Math.floor(lon * 400 + lat * 400) % 2 ? [186, 160, 102] : [118, 150, 84];
  });
  return writePmtiles(tiles, {tileType: 2, gzipTiles: false, bounds, metadata: {name: 'Synthetic imagery', attribution: 'synthetic test pattern'}});
}

/** Synthetic relief: rolling hills about 2,400–3,000 m, the height of the Datong valley. */
export const demElevation = (lon: number, lat: number): number => 2700 + 250 * Math.sin(lon * 180) * Math.cos(lat * 140);

export function terrainPack(bounds: Bounds = DATONG_PACK_BOUNDS, zooms: readonly [number, number] = [9, 12]): Uint8Array {
  const tiles = imageTiles(bounds, zooms, (lon, lat) => terrarium(demElevation(lon, lat)));
  return writePmtiles(tiles, {tileType: 2, gzipTiles: false, bounds, metadata: {name: 'Synthetic DEM', encoding: 'terrarium', attribution: 'synthetic relief'}});
}
