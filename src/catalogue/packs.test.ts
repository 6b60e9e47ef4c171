import {describe, expect, it} from 'vitest';
import {createRequire} from 'node:module';
import {readFileSync} from 'node:fs';
import * as fontkit from 'fontkit';
import {expression, validateStyleMin} from '@maplibre/maplibre-gl-style-spec';
import type {FeatureCollection} from 'geojson';
import type {PackRecord} from '../geo/packs/pack-types';
import {labelPointsOf} from '../geo/label-point';
import {CJK_RANGES, FONT_FILES, LATIN_RANGES, fontFaces} from './fonts';
import {contourIntervalsAt, packAttribution, packNameExpression, packOutlines} from './packs';
import {SOURCE_IDS, buildStyle, dataFileOf} from './style';
import type {LayerState, SourceData} from './style';
import {LIGHT} from './themes';
import {LAYER_IDS} from './types';
import type {LayerId, SourceId} from './types';

const pack = (over: Partial<PackRecord>): PackRecord => ({
  id: 'p1', name: 'Datong', fileName: 'datong.pmtiles', sizeBytes: 1000, importedAt: '2026-12-01T00:00:00Z', fileDate: null,
  visible: true, outline: true, kind: 'vector', tileFormat: 'mvt', schema: 'protomaps',
  vectorLayers: ['earth', 'water', 'roads', 'places'], encoding: null, minZoom: 0, maxZoom: 15,
  bounds: [101.6, 36.9, 101.8, 37.0], title: 'Datong', attribution: 'Protomaps © OpenStreetMap', openStreetMap: true,
  dataDate: null, tileCount: 10, tileSizePixels: 256, ...over,
});
const PACKS: PackRecord[] = [
  pack({}),
  pack({id: 'p2', schema: 'other', vectorLayers: ['transportation', 'water', 'building'], openStreetMap: true, attribution: '<script>x</script>'}),
  pack({id: 'p3', kind: 'raster', tileFormat: 'jpeg', schema: null, vectorLayers: [], openStreetMap: false, attribution: 'Survey office', tileSizePixels: 512}),
  pack({id: 'p4', kind: 'terrain', tileFormat: 'png', schema: null, vectorLayers: [], encoding: 'terrarium', openStreetMap: false, attribution: ''}),
  pack({id: 'p5', kind: 'terrain', tileFormat: 'png', schema: null, vectorLayers: [], encoding: 'terrarium', openStreetMap: false, attribution: '', maxZoom: 12, contours: true}),
];

const load = (file: string) => JSON.parse(readFileSync(new URL(`../../geodata/${file}`, import.meta.url), 'utf8')) as FeatureCollection;
const DATA = Object.fromEntries(SOURCE_IDS.map((id) => {
  const features = load(dataFileOf(id));
  return [id, {features, labels: labelPointsOf(features)}];
})) as Record<SourceId, SourceData>;
const allOn = Object.fromEntries(LAYER_IDS.map((id) => [id, {visible: true, opacity: 1}])) as Record<LayerId, LayerState>;
const styleWith = (lang: 'zh' | 'en', packs: readonly PackRecord[]) =>
  buildStyle({lang, theme: LIGHT, layerState: allOn, data: DATA, packs, fontFaces: fontFaces({latin: 'http://127.0.0.1/l.woff2', cjk: 'http://127.0.0.1/c.woff2'})});

describe('styles with basemap packs', () => {
  it.each(['zh', 'en'] as const)('pass the style-spec validator with vector, other-schema, imagery and DEM packs (%s)', (lang) => {
    expect(validateStyleMin(styleWith(lang, PACKS))).toEqual([]);
  });

  it('leave the shipped style as it was when there is no pack but the (empty) outline layer', () => {
    const bare = styleWith('zh', []);
    expect(bare.layers.filter((l) => l.id.startsWith('pack')).map((l) => l.id)).toEqual(['pack-outlines:line']);
  });

  it('draw packs over the shipped basemap and under the programme layers and plots', () => {
    const ids = styleWith('zh', PACKS).layers.map((l) => l.id);
    const first = ids.findIndex((id) => id.startsWith('pack:'));
    // The shipped basemap's ground; its town names are drawn over everything (placed first).
    const lastBasemap = ids.map((id) => id.startsWith('basemap:') && id !== 'basemap:town-label').lastIndexOf(true);
    expect(first).toBeGreaterThan(lastBasemap);
    expect(ids.indexOf('basemap:town-label')).toBeGreaterThan(ids.map((id) => id.startsWith('pack:')).lastIndexOf(true));
    expect(ids.indexOf('pack-outlines:line')).toBeLessThan(ids.findIndex((id) => id.startsWith('datong:')));
    // Imagery over the vector ground, labels over the imagery.
    expect(ids.indexOf('pack:p3:raster')).toBeGreaterThan(ids.indexOf('pack:p1:roads_minor'));
    expect(ids.indexOf('pack:p1:places_locality')).toBeGreaterThan(ids.indexOf('pack:p4:hillshade'));
  });

  it('ask no glyph or sprite server: every label in the app font, no sprite icons', () => {
    const style = styleWith('zh', PACKS);
    expect(style).not.toHaveProperty('glyphs');
    expect(style).not.toHaveProperty('sprite');
    const json = JSON.stringify(style.layers);
    expect(json).not.toMatch(/icon-image/);
    expect(json).not.toMatch(/Noto Sans (Regular|Medium|Italic|Devanagari)/);
    for (const l of style.layers) if (l.type === 'symbol') expect(l.layout?.['text-font'], l.id).toEqual(['Noto']);
  });

  it('reads tiles only through the app’s own pack protocol, with each pack’s zooms and bounds', () => {
    const sources = styleWith('zh', PACKS).sources;
    expect(sources['pack:p1']).toMatchObject({type: 'vector', tiles: ['qhpack://p1/{z}/{x}/{y}'], minzoom: 0, maxzoom: 15, bounds: [101.6, 36.9, 101.8, 37.0]});
    expect(sources['pack:p3']).toMatchObject({type: 'raster', tileSize: 512});
    expect(sources['pack:p4']).toMatchObject({type: 'raster-dem', encoding: 'terrarium'});
  });

  it('credit OpenStreetMap (ODbL) on packs made from it, and never pass markup through', () => {
    expect(packAttribution(PACKS[0]!, 'en')).toContain('© OpenStreetMap contributors (ODbL)');
    expect(packAttribution(PACKS[0]!, 'zh')).toContain('OpenStreetMap 贡献者（ODbL）');
    expect(packAttribution(PACKS[1]!, 'en')).not.toMatch(/<script/);
    expect(packAttribution(PACKS[2]!, 'en')).toBe('Survey office');
  });

  it('outline only the packs whose outline is switched on', () => {
    expect(packOutlines([pack({}), pack({id: 'p2', outline: false})]).features.map((f) => f.properties?.id)).toEqual(['p1']);
  });

  it('draw contours only for the terrain packs whose contours are switched on, from the contour protocol', () => {
    const style = styleWith('zh', [...PACKS, pack({id: 'p6', contours: true})]);
    const contourSources = Object.keys(style.sources).filter((id) => id.endsWith(':contours'));
    // p4 is a terrain pack with contours off (the default), p6 a vector pack with the flag set.
    expect(contourSources).toEqual(['pack:p5:contours']);
    expect(style.sources['pack:p5:contours']).toMatchObject({type: 'vector', tiles: ['qhcontour://p5/{z}/{x}/{y}'], minzoom: 11, bounds: [101.6, 36.9, 101.8, 37.0]});
    const ids = style.layers.map((l) => l.id);
    expect(ids.filter((id) => id.includes(':contours:'))).toEqual(['pack:p5:contours:line', 'pack:p5:contours:label']);
    // Lines over the relief they come from, their heights with the other labels, in metres, in the app's font.
    expect(ids.indexOf('pack:p5:contours:line')).toBeGreaterThan(ids.indexOf('pack:p5:hillshade'));
    expect(ids.indexOf('pack:p5:contours:label')).toBeGreaterThan(ids.indexOf('pack:p1:places_locality'));
    const label = style.layers.find((l) => l.id === 'pack:p5:contours:label');
    expect(label).toMatchObject({'source-layer': 'contours', layout: {'text-font': ['Noto'], 'symbol-placement': 'line'}});
    expect(JSON.stringify(label)).toContain('" m"');
    expect(styleWith('zh', [PACKS[3]!]).layers.some((l) => l.id.includes('contours'))).toBe(false);
    expect(styleWith('zh', [pack({...PACKS[4]!, visible: false})]).layers.filter((l) => l.id.includes('contours')).every((l) => l.layout?.visibility === 'none')).toBe(true);
  });

  it('space contours for the plateau: none below z11, 100 m at z11–12, 50/250 m at z13, 10/50 m from z14', () => {
    expect(contourIntervalsAt(10)).toBeNull();
    expect(contourIntervalsAt(11)).toEqual([100, 500]);
    expect(contourIntervalsAt(12)).toEqual([100, 500]);
    expect(contourIntervalsAt(13)).toEqual([50, 250]);
    expect(contourIntervalsAt(14)).toEqual([10, 50]);
    expect(contourIntervalsAt(18)).toEqual([10, 50]);
  });

  it('hide a pack the user switched off', () => {
    const style = styleWith('zh', [pack({visible: false})]);
    const packLayers = style.layers.filter((l) => l.id.startsWith('pack:p1:'));
    expect(packLayers.length).toBeGreaterThan(20);
    expect(packLayers.every((l) => l.layout?.visibility === 'none')).toBe(true);
  });
});

describe('pack labels and the shipped fonts', () => {
  const require = createRequire(import.meta.url);
  const open = (file: string) => fontkit.openSync(require.resolve(file)) as unknown as {hasGlyphForCodePoint(cp: number): boolean};
  const latin = open(FONT_FILES.latin);
  const cjk = open(FONT_FILES.cjk);
  const parse = (ranges: string[]) => ranges.map((r) => r.replace('U+', '').split('-').map((h) => parseInt(h, 16)) as [number, number]);
  const ranges = [...parse(LATIN_RANGES).map((r) => [r, latin] as const), ...parse(CJK_RANGES).map((r) => [r, cjk] as const)];
  const drawable = (s: string) => [...s].every((ch) => {
    const cp = ch.codePointAt(0)!;
    const hit = ranges.find(([[a, b]]) => cp >= a && cp <= b);
    return hit !== undefined && hit[1].hasGlyphForCodePoint(cp);
  });
  const label = (lang: 'zh' | 'en', properties: Record<string, unknown>) => {
    const e = expression.createExpression(packNameExpression(lang), 'text-field');
    if (e.result !== 'success') throw new Error(JSON.stringify(e.value));
    return String(e.value.evaluate({zoom: 14}, {type: 1, properties} as never) ?? '');
  };

  // What OpenStreetMap holds around Datong and Muli: Chinese, Tibetan and pinyin names.
  const places = [
    {name: '桥头镇', 'name:zh-Hans': '桥头镇', 'name:en': 'Qiaotou', script: 'Han'},
    {name: 'ཐེན་ཀྲེན་', 'name:zh': '天峻县', 'name:en': 'Tianjun', script: 'Tibetan'},
    {name: 'ཆབ་ཆ་', script: 'Tibetan', 'name:en': 'Gonghe'},
    {name: 'ཆབ་ཆ་', script: 'Tibetan'},
    {name: 'Xining', script: 'Latin'},
  ];

  it('choose Chinese names first, and never a script the fonts cannot draw', () => {
    expect(places.map((p) => label('zh', p))).toEqual(['桥头镇', '天峻县', 'Gonghe', '', 'Xining']);
    expect(places.map((p) => label('en', p))).toEqual(['Qiaotou', 'Tianjun', 'Gonghe', '', 'Xining']);
    for (const p of places) for (const lang of ['zh', 'en'] as const) expect(drawable(label(lang, p)), label(lang, p)).toBe(true);
  });

  it('would notice a Tibetan name reaching the map', () => {
    expect(drawable('ཆབ་ཆ་')).toBe(false);
  });

  it('cover every fixed string the pack style and its attribution show', () => {
    const fixed = JSON.stringify(styleWith('zh', PACKS).layers.filter((l) => l.type === 'symbol').map((l) => l.layout?.['text-field']))
      .match(/"[^"]*"/g)!.map((s) => JSON.parse(s) as string)
      .filter((s) => !/^(get|coalesce|case|in|literal|format|concat|to-string|step|zoom|==|!=|<=|>=|<|>|all|any|!|has|match|number-format|upcase|downcase|length)$/.test(s) && !/^[\w:-]+$/.test(s));
    for (const s of [...fixed, packAttribution(PACKS[0]!, 'zh')]) expect(drawable(s), s).toBe(true);
  });
});
