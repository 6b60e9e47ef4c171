import type {LayerSpecification} from '@maplibre/maplibre-gl-style-spec';
import {dashByAccuracy, isApproximate, kindIs, labelLayer, labelSource, metadataFor, perFeature, visibility} from './style-helpers';
import type {ZonesSource} from '../geo/zones-import';
import {LIGHT, withAlpha} from './themes';
import type {LayerDefinition, LayerId, LegendEntry, Provenance, StyleContext} from './types';

/**
 * Legends (and a layer's swatch colour) are drawn in the light theme's layer colours, as the
 * basemap's legend is; every theme shares them today. The map itself takes each colour from
 * the theme its style is generated with.
 */
const LEGEND_COLORS = LIGHT.layers;

const AMAP_PROVENANCE: Provenance = {
  source: {
    zh: '高德地图行政区划，GCJ-02 已转换为 WGS84',
    en: 'AMap administrative boundaries, GCJ-02 converted to WGS84',
  },
  licence: {zh: '仅限非商业用途', en: 'Non-commercial use only'},
  attribution: {zh: '行政区划 © 高德地图（非商业用途）', en: 'Boundaries © AMap (non-commercial use)'},
};

const INDICATIVE_PROVENANCE = (what: {zh: string; en: string}): Provenance => ({
  source: what,
  licence: {zh: '本项目绘制', en: 'Drawn by this project'},
  attribution: {zh: '示意要素：本项目', en: 'Indicative features: this project'},
});

function polygonLayers(
  ctx: StyleContext,
  source: LayerId,
  color: string,
  fillKinds: string[],
  fillOpacity: number,
  outlineWidth: number,
): LayerSpecification[] {
  return [
    {
      id: `${source}:fill`,
      type: 'fill',
      source,
      filter: kindIs(...fillKinds),
      metadata: metadataFor(source),
      layout: {visibility: visibility(ctx)},
      paint: {
        // Indicative areas are drawn fainter so they never read as surveyed extents: in the
        // colour's alpha, not a per-feature opacity, so every fill reads the same properties per
        // feature and shares one WebGL program (perFeature).
        'fill-color': ['case', isApproximate, withAlpha(color, 0.6), color],
        'fill-opacity': fillOpacity * ctx.opacity,
        // The outline layer below draws the edge.
        'fill-antialias': false,
      },
    },
    {
      id: `${source}:outline`,
      type: 'line',
      source,
      filter: kindIs(...fillKinds),
      metadata: metadataFor(source),
      layout: {visibility: visibility(ctx), 'line-join': 'round'},
      paint: {
        'line-color': color,
        'line-width': outlineWidth,
        'line-dasharray': dashByAccuracy,
        'line-opacity': ctx.opacity,
      },
    },
  ];
}

export const HAIXI: LayerDefinition = {
  id: 'haixi',
  title: {zh: '海西州', en: 'Haixi Prefecture'},
  dataFile: 'haixi.geojson',
  color: LEGEND_COLORS.haixi,
  legend: [
    {label: {zh: '州界', en: 'Prefecture boundary'}, shape: 'line', color: LEGEND_COLORS.haixi, approximate: false},
    {label: {zh: '县级行政区', en: 'County-level units'}, shape: 'fill', color: LEGEND_COLORS.haixi, approximate: false},
  ],
  provenance: AMAP_PROVENANCE,
  style: (ctx) => {
    const c = ctx.theme.layers;
    return [
      ...polygonLayers(ctx, 'haixi', c.haixi, ['county'], 0.08, 1),
      {
        id: 'haixi:prefecture',
        type: 'line',
        source: 'haixi',
        filter: kindIs('prefecture'),
        metadata: metadataFor('haixi'),
        layout: {visibility: visibility(ctx), 'line-join': 'round'},
        paint: {'line-color': perFeature(c.haixi), 'line-width': 3, 'line-opacity': ctx.opacity},
      },
      labelLayer(ctx, {id: 'haixi:label', layer: 'haixi', source: labelSource('haixi'), filter: kindIs('county'), size: 13, color: c.haixi, minzoom: 5}),
    ];
  },
};

export const DATONG: LayerDefinition = {
  id: 'datong',
  title: {zh: '大通县采煤沉陷区', en: 'Datong subsidence zones'},
  dataFile: 'datong.geojson',
  color: LEGEND_COLORS.datong,
  legend: [
    {label: {zh: '大通县界', en: 'Datong County boundary'}, shape: 'line', color: LEGEND_COLORS.datongCounty, approximate: false},
    {label: {zh: '采煤沉陷区（示意范围）', en: 'Subsidence zone (indicative outline)'}, shape: 'fill', color: LEGEND_COLORS.datong, approximate: true},
  ],
  provenance: {
    source: {
      zh: '县界：高德地图行政区划；沉陷区：依据公开报道绘制的示意范围',
      en: 'County: AMap boundaries; subsidence zones: indicative outlines drawn from public reports',
    },
    licence: {zh: '县界仅限非商业用途；示意范围为本项目绘制', en: 'County: non-commercial only; zones: drawn by this project'},
    attribution: {zh: '沉陷区为示意范围', en: 'Subsidence zones are indicative'},
  },
  style: (ctx) => {
    const c = ctx.theme.layers;
    return [
      {
        id: 'datong:county',
        type: 'line',
        source: 'datong',
        filter: kindIs('county'),
        metadata: metadataFor('datong'),
        layout: {visibility: visibility(ctx), 'line-join': 'round'},
        paint: {'line-color': c.datongCounty, 'line-width': 2, 'line-dasharray': dashByAccuracy, 'line-opacity': ctx.opacity},
      },
      ...polygonLayers(ctx, 'datong', c.datong, ['subsidence-zone'], 0.45, 2),
      labelLayer(ctx, {id: 'datong:county-label', layer: 'datong', source: labelSource('datong'), filter: kindIs('county'), size: 13, color: c.datongCountyLabel, minzoom: 7}),
      labelLayer(ctx, {id: 'datong:label', layer: 'datong', source: labelSource('datong'), filter: kindIs('subsidence-zone'), size: 12, color: c.datong, minzoom: 9}),
    ];
  },
};

export const MULI: LayerDefinition = {
  id: 'muli',
  title: {zh: '木里矿区', en: 'Muli mining area'},
  dataFile: 'muli.geojson',
  color: LEGEND_COLORS.muli,
  legend: [
    {label: {zh: '煤田范围（示意）', en: 'Coalfield extent (indicative)'}, shape: 'line', color: LEGEND_COLORS.muli, approximate: true},
    {label: {zh: '矿井/采区（示意）', en: 'Mine sites (indicative)'}, shape: 'fill', color: LEGEND_COLORS.muli, approximate: true},
  ],
  provenance: INDICATIVE_PROVENANCE({
    zh: '依据公开报道（EJAtlas、财新、中新社）绘制的示意范围；无公开矿坑边界',
    en: 'Indicative outlines drawn from public reports (EJAtlas, Caixin, China News Service); no public pit boundaries exist',
  }),
  style: (ctx) => {
    const c = ctx.theme.layers;
    return [
      {
        id: 'muli:coalfield',
        type: 'line',
        source: 'muli',
        filter: kindIs('coalfield'),
        metadata: metadataFor('muli'),
        layout: {visibility: visibility(ctx), 'line-join': 'round'},
        paint: {'line-color': c.muli, 'line-width': 2, 'line-dasharray': dashByAccuracy, 'line-opacity': ctx.opacity},
      },
      ...polygonLayers(ctx, 'muli', c.muli, ['mine-site'], 0.45, 1.5),
      labelLayer(ctx, {id: 'muli:label', layer: 'muli', source: labelSource('muli'), filter: kindIs('mine-site', 'coalfield'), size: 12, color: c.muli, minzoom: 7}),
    ];
  },
};

export const INDUSTRIAL_PARKS: LayerDefinition = {
  id: 'industrial-parks',
  title: {zh: '产业园区', en: 'Industrial parks'},
  dataFile: 'industrial-parks.geojson',
  color: LEGEND_COLORS.park,
  legend: [
    {label: {zh: '园区、物流枢纽（位置示意）', en: 'Parks and logistics hub (location indicative)'}, shape: 'circle', color: LEGEND_COLORS.park, approximate: true},
  ],
  provenance: INDICATIVE_PROVENANCE({
    zh: '《实施方案》所列园区；位置依据城市坐标示意',
    en: 'Parks named in the provincial plan; locations indicative, placed from town coordinates',
  }),
  style: (ctx) => {
    const c = ctx.theme.layers;
    return [
      {
        id: 'industrial-parks:circle',
        type: 'circle',
        source: 'industrial-parks',
        metadata: metadataFor('industrial-parks'),
        layout: {visibility: visibility(ctx)},
        paint: {
          'circle-radius': ['interpolate', ['linear'], ['zoom'], 4, 4, 10, 9],
          // Hollow circles for indicative locations, filled for published ones.
          'circle-color': ['case', isApproximate, c.hollow, c.park],
          'circle-opacity': ctx.opacity,
          'circle-stroke-color': c.park,
          'circle-stroke-width': 2.5,
          'circle-stroke-opacity': ctx.opacity,
        },
      },
      labelLayer(ctx, {id: 'industrial-parks:label', layer: 'industrial-parks', source: 'industrial-parks', filter: ['has', 'name_zh'], size: 12, color: c.park, minzoom: 6, offset: [0, 1.3], anchors: ['below', 'left', 'right', 'above']}),
    ];
  },
};

export const RAIL_LINES: LayerDefinition = {
  id: 'rail-lines',
  title: {zh: '铁路线', en: 'Rail lines'},
  dataFile: 'rail-lines.geojson',
  color: LEGEND_COLORS.rail,
  legend: [
    {label: {zh: '铁路（走向示意）', en: 'Railway (schematic route)'}, shape: 'line', color: LEGEND_COLORS.rail, approximate: true},
    {label: {zh: '车站（示意）', en: 'Station (schematic)'}, shape: 'circle', color: LEGEND_COLORS.rail, approximate: true},
  ],
  provenance: INDICATIVE_PROVENANCE({
    zh: '依据线路经停站点手绘的示意走向（数公里精度）',
    en: 'Schematic routes hand-drawn through named stations (few-km accuracy)',
  }),
  style: (ctx) => {
    const c = ctx.theme.layers;
    return [
      {
        id: 'rail-lines:casing',
        type: 'line',
        source: 'rail-lines',
        filter: kindIs('rail-line'),
        metadata: metadataFor('rail-lines'),
        layout: {visibility: visibility(ctx), 'line-join': 'round'},
        paint: {'line-color': perFeature(c.railCasing), 'line-width': 5, 'line-opacity': ctx.opacity * 0.8},
      },
      {
        id: 'rail-lines:line',
        type: 'line',
        source: 'rail-lines',
        filter: kindIs('rail-line'),
        metadata: metadataFor('rail-lines'),
        layout: {visibility: visibility(ctx), 'line-join': 'round'},
        paint: {'line-color': c.rail, 'line-width': 2.5, 'line-dasharray': dashByAccuracy, 'line-opacity': ctx.opacity},
      },
      {
        id: 'rail-lines:station',
        type: 'circle',
        source: 'rail-lines',
        filter: kindIs('station'),
        minzoom: 5,
        metadata: metadataFor('rail-lines'),
        layout: {visibility: visibility(ctx)},
        paint: {
          'circle-radius': 4,
          'circle-color': ['case', isApproximate, c.hollow, c.rail],
          'circle-stroke-color': c.rail,
          'circle-stroke-width': 2,
          'circle-opacity': ctx.opacity,
          'circle-stroke-opacity': ctx.opacity,
        },
      },
      labelLayer(ctx, {id: 'rail-lines:line-label', layer: 'rail-lines', source: 'rail-lines', filter: kindIs('rail-line'), size: 11, placement: 'line', minzoom: 5}),
      labelLayer(ctx, {id: 'rail-lines:station-label', layer: 'rail-lines', source: 'rail-lines', filter: kindIs('station'), size: 11, minzoom: 7, offset: [0, 1], anchors: ['above', 'right', 'left', 'below']}),
    ];
  },
};

/** The programme's thematic layers, in drawing order (bottom first). */
export const LAYERS: readonly LayerDefinition[] = [HAIXI, DATONG, MULI, RAIL_LINES, INDUSTRIAL_PARKS];

export function layerById(id: LayerId): LayerDefinition {
  const layer = LAYERS.find((l) => l.id === id);
  if (!layer) throw new Error(`unknown layer ${id}`);
  return layer;
}

/**
 * A layer's legend for the zones in use: once official zone boundaries are loaded, the Datong
 * layer's zone entry names them (and is drawn solid) instead of the indicative outlines.
 */
export function legendOf(layer: LayerDefinition, zones: ZonesSource): readonly LegendEntry[] {
  if (layer.id !== 'datong' || zones.kind !== 'official') return layer.legend;
  return layer.legend.map((entry) => (entry.shape !== 'fill' ? entry : {
    ...entry,
    approximate: false,
    label: {zh: `采煤沉陷区（正式边界：${zones.fileName}，${zones.date}）`, en: `Subsidence zone (official boundary: ${zones.fileName}, ${zones.date})`},
  }));
}
