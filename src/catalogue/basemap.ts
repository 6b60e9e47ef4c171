import type {ExpressionSpecification, FilterSpecification, LayerSpecification} from '@maplibre/maplibre-gl-style-spec';
import {FONT_STACK, anchorOffsets, dashByAccuracy, isApproximate, kindIs, labelMaxWidth, labelSource, labelText, metadataFor, perFeature} from './style-helpers';
import {LIGHT} from './themes';
import type {Bilingual} from '../i18n/lang';
import type {LegendEntry, Provenance, Theme} from './types';
import type {Lang} from '../i18n/lang';

export const BASEMAP_SOURCE = 'basemap';
export const BASEMAP_FILE = 'basemap.geojson';

export const BASEMAP_PROVENANCE: Provenance = {
  source: {
    zh: '省界、湖泊、河流：Natural Earth；州界：高德地图行政区划；城镇：公开坐标',
    en: 'Provinces, lakes, rivers: Natural Earth; prefectures: AMap boundaries; towns: published coordinates',
  },
  licence: {zh: 'Natural Earth 公有领域；高德数据仅限非商业用途', en: 'Natural Earth public domain; AMap data non-commercial only'},
  attribution: {zh: 'Natural Earth', en: 'Natural Earth'},
};

export const BASEMAP_TITLE: Bilingual = {zh: '底图', en: 'Basemap'};

/**
 * What the basemap draws that is not published data: the Qarhan salt lake and Dabusun Lake
 * are hand-drawn (not in Natural Earth), so they are drawn hollow and dashed like every other
 * indicative feature, and the legend says so.
 */
export const BASEMAP_LEGEND: readonly LegendEntry[] = [
  {label: {zh: '盐湖（示意范围）', en: 'Salt lakes (indicative extent)'}, shape: 'fill', color: LIGHT.waterLine, approximate: true},
];

/** Basemap layers a click on the map reports in the info panel: the indicative salt lakes. */
export const BASEMAP_CLICKABLE_LAYERS = ['basemap:lake-indicative', 'basemap:lake-indicative-outline'] as const;

const isLake: ExpressionSpecification = ['==', ['get', 'kind'], 'lake'];
const isIndicativeLake: FilterSpecification = ['all', isLake, isApproximate];
const isPublishedLake: FilterSpecification = ['all', isLake, ['!', isApproximate]];

const isProvince: ExpressionSpecification = ['==', ['get', 'kind'], 'province'];
const isTown: ExpressionSpecification = ['==', ['get', 'kind'], 'town'];
const isQinghai: ExpressionSpecification = ['==', ['get', 'name_en'], 'Qinghai'];
const isRankOne: ExpressionSpecification = ['==', ['get', 'rank'], 1];

function townDots(theme: Theme, id: string, filter: FilterSpecification, radius: number): LayerSpecification {
  return {
    id,
    type: 'circle',
    source: BASEMAP_SOURCE,
    filter,
    paint: {'circle-radius': radius, 'circle-color': perFeature(theme.townFill), 'circle-stroke-color': theme.townStroke, 'circle-stroke-width': 1.5},
  };
}

/** The offline basemap: no tiles, no glyph server — one GeoJSON file and the app's own fonts. */
export function basemapLayers(theme: Theme, lang: Lang): LayerSpecification[] {
  // Indicative basemap features (hand-drawn salt lakes) are marked in their labels too.
  const name = labelText(lang);
  return [
    {id: 'basemap:background', type: 'background', paint: {'background-color': theme.background}},
    {
      id: 'basemap:province',
      type: 'fill',
      source: BASEMAP_SOURCE,
      filter: kindIs('province'),
      paint: {'fill-color': ['case', isQinghai, theme.land, theme.neighbour], 'fill-antialias': false},
    },
    // Colours and dashes are read per feature (perFeature) so that each layer type links one WebGL program.
    // No fill is antialiased (fill-antialias draws each ring again with a program of its own):
    // a line drawn over it, or for a mapped lake one in its own water colour, smooths its edge.
    {id: 'basemap:lake', type: 'fill', source: BASEMAP_SOURCE, filter: isPublishedLake, paint: {'fill-color': perFeature(theme.water), 'fill-antialias': false}},
    {id: 'basemap:lake-edge', type: 'line', source: BASEMAP_SOURCE, filter: isPublishedLake, paint: {'line-color': perFeature(theme.water), 'line-width': 1}},
    // Hand-drawn salt lakes: a faint fill and a dashed outline, never the solid water of a mapped lake.
    {
      id: 'basemap:lake-indicative',
      type: 'fill',
      source: BASEMAP_SOURCE,
      filter: isIndicativeLake,
      metadata: metadataFor(BASEMAP_SOURCE),
      paint: {'fill-color': perFeature(theme.water), 'fill-opacity': 0.3, 'fill-antialias': false},
    },
    {
      id: 'basemap:lake-indicative-outline',
      type: 'line',
      source: BASEMAP_SOURCE,
      filter: isIndicativeLake,
      metadata: metadataFor(BASEMAP_SOURCE),
      layout: {'line-join': 'round'},
      paint: {'line-color': theme.waterLine, 'line-width': 1.5, 'line-dasharray': dashByAccuracy},
    },
    {
      id: 'basemap:river',
      type: 'line',
      source: BASEMAP_SOURCE,
      filter: kindIs('river'),
      layout: {'line-join': 'round', 'line-cap': 'round'},
      paint: {'line-color': perFeature(theme.waterLine), 'line-width': ['interpolate', ['linear'], ['zoom'], 4, 0.8, 9, 2]},
    },
    {
      id: 'basemap:prefecture',
      type: 'line',
      source: BASEMAP_SOURCE,
      filter: kindIs('prefecture'),
      paint: {'line-color': theme.boundary, 'line-width': 0.8, 'line-dasharray': perFeature([4, 2])},
    },
    // Qinghai's border wider than its neighbours' in a layer of its own: a width read per
    // feature would link a line program no other layer uses.
    {
      id: 'basemap:province-line',
      type: 'line',
      source: BASEMAP_SOURCE,
      filter: ['all', isProvince, ['!', isQinghai]],
      paint: {'line-color': perFeature(theme.boundary), 'line-width': 1.2},
    },
    {
      id: 'basemap:qinghai-line',
      type: 'line',
      source: BASEMAP_SOURCE,
      filter: ['all', isProvince, isQinghai],
      paint: {'line-color': perFeature(theme.boundary), 'line-width': 2},
    },
    {
      id: 'basemap:water-label',
      type: 'symbol',
      source: labelSource(BASEMAP_SOURCE),
      filter: kindIs('lake'),
      minzoom: 5,
      layout: {'text-field': name, 'text-font': FONT_STACK, 'text-size': 11, 'text-max-width': labelMaxWidth(lang)},
      paint: {'text-color': theme.lakeLabel, 'text-halo-color': theme.halo, 'text-halo-width': 1},
    },
    {
      id: 'basemap:province-label',
      type: 'symbol',
      source: labelSource(BASEMAP_SOURCE),
      filter: kindIs('province'),
      maxzoom: 7,
      layout: {'text-field': name, 'text-font': FONT_STACK, 'text-size': 15, 'text-letter-spacing': 0.1},
      paint: {'text-color': theme.provinceLabel, 'text-halo-color': theme.halo, 'text-halo-width': 1},
    },
    // Rank-1 towns' dots larger, in a layer of their own: a radius read per feature would link
    // a circle program the parks' and stations' dots (colour read per feature) do not share.
    townDots(theme, 'basemap:town', ['all', isTown, ['!', isRankOne]], 3),
    townDots(theme, 'basemap:town-rank1', ['all', isTown, isRankOne], 4),
    {
      id: 'basemap:town-label',
      type: 'symbol',
      source: BASEMAP_SOURCE,
      filter: kindIs('town'),
      layout: {
        'text-field': name,
        'text-font': FONT_STACK,
        'text-size': ['case', ['==', ['get', 'rank'], 1], 13, 11],
        // Round its dot to a free side: park circles and station dots share these towns.
        'text-variable-anchor-offset': anchorOffsets(0.9, ['right', 'left', 'below', 'above']),
        'text-max-width': labelMaxWidth(lang),
        'symbol-sort-key': ['coalesce', ['get', 'rank'], 3],
      },
      paint: {'text-color': theme.text, 'text-halo-color': theme.halo, 'text-halo-width': 1.5},
    },
  ];
}
