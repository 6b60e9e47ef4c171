import {describe, expect, it} from 'vitest';
import {existsSync, readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import * as fontkit from 'fontkit';
import {featureFilter, validateStyleMin} from '@maplibre/maplibre-gl-style-spec';
import type {Feature, FeatureCollection} from 'geojson';
import {bboxContains, bboxOfGeoJson} from '../geo/bbox';
import type {BBox} from '../geo/bbox';
import {checkRfc7946} from '../geo/rfc7946';
import {BASEMAP_FILE} from './basemap';
import {CJK_RANGES, FONT_FILES, LATIN_RANGES, fontFaces} from './fonts';
import {LAYERS} from './layers';
import {SOURCE_IDS, attributionText, buildStyle, dataFileOf} from './style';
import type {LayerState, SourceData} from './style';
import {labelPointsOf} from '../geo/label-point';
import {LIGHT} from './themes';
import {ACCURACIES, APPROXIMATE_ACCURACIES, LAYER_IDS} from './types';
import type {LayerId, SourceId} from './types';

/** Qinghai with a margin (≈ 89–104°E, 31–40°N): every thematic feature lies inside. */
const QINGHAI_BBOX: BBox = [89, 31, 104, 40];
/** The basemap covers Qinghai and its neighbours. */
const BASEMAP_BBOX: BBox = [84, 27, 109, 43];

const geodata = (file: string) => new URL(`../../geodata/${file}`, import.meta.url);
const load = (file: string) => JSON.parse(readFileSync(geodata(file), 'utf8')) as FeatureCollection;
const FILES = [...LAYERS.map((l) => l.dataFile), BASEMAP_FILE];

const DATA = Object.fromEntries(SOURCE_IDS.map((id) => {
  const features = load(dataFileOf(id));
  return [id, {features, labels: labelPointsOf(features)}];
})) as Record<SourceId, SourceData>;
const allOn = Object.fromEntries(LAYER_IDS.map((id) => [id, {visible: true, opacity: 1}])) as Record<LayerId, LayerState>;
const styleFor = (lang: 'zh' | 'en', layerState = allOn) =>
  buildStyle({
    lang,
    theme: LIGHT,
    layerState,
    data: DATA,
    fontFaces: fontFaces({latin: 'http://127.0.0.1:4173/assets/latin.woff2', cjk: 'http://127.0.0.1:4173/assets/cjk.woff2'}),
  });

describe('geodata files', () => {
  it.each(FILES)('%s exists, parses and follows RFC 7946 with at most 7 decimals', (file) => {
    expect(existsSync(geodata(file))).toBe(true);
    const doc = load(file);
    expect(checkRfc7946(doc, 7)).toEqual([]);
    expect(doc.features.length).toBeGreaterThan(0);
  });

  it.each(LAYERS.map((l) => [l.id, l.dataFile]))('%s lies inside Qinghai’s bounding box', (_id, file) => {
    const bbox = bboxOfGeoJson(load(file));
    expect(bbox).not.toBeNull();
    expect(bboxContains(QINGHAI_BBOX, bbox!), `bbox ${bbox?.join(', ')}`).toBe(true);
  });

  it('keeps the basemap to Qinghai and its neighbours', () => {
    expect(bboxContains(BASEMAP_BBOX, bboxOfGeoJson(load(BASEMAP_FILE))!)).toBe(true);
  });

  it('gives every feature an id unique across files, names, kind, accuracy and source', () => {
    const seen = new Set<string>();
    for (const file of FILES) {
      for (const f of load(file).features) {
        const p = f.properties ?? {};
        const where = `${file} ${p.id}`;
        expect(typeof p.id, where).toBe('string');
        expect(seen.has(p.id), `duplicate id ${where}`).toBe(false);
        seen.add(p.id);
        for (const key of ['name_zh', 'name_en', 'kind', 'source']) {
          expect(typeof p[key] === 'string' && p[key].trim().length > 0, `${where} ${key}`).toBe(true);
        }
        expect(ACCURACIES, where).toContain(p.accuracy);
        // Names are shown as text; markup in data would be a sign of a bad import.
        expect(`${p.name_zh}${p.name_en}${p.note_zh ?? ''}${p.note_en ?? ''}`, where).not.toMatch(/[<>]/);
        // The style marks accuracy on the map; a name that says it too would say it twice.
        expect(`${p.name_zh} ${p.name_en}`, where).not.toMatch(/示意|indicative|schematic/i);
      }
    }
  });

  it('keeps the whole of geodata/ small enough to ship', () => {
    const bytes = FILES.reduce((sum, f) => sum + readFileSync(geodata(f)).length, 0);
    expect(bytes).toBeLessThan(2_000_000);
  });
});

describe('generated styles', () => {
  it.each(['zh', 'en'] as const)('pass the MapLibre style-spec validator (%s)', (lang) => {
    expect(validateStyleMin(styleFor(lang))).toEqual([]);
    const hidden = Object.fromEntries(LAYER_IDS.map((id) => [id, {visible: false, opacity: 0.3}])) as Record<LayerId, LayerState>;
    expect(validateStyleMin(styleFor(lang, hidden))).toEqual([]);
  });

  it('never asks a glyph or sprite server: labels use the shipped font faces', () => {
    const style = styleFor('zh');
    expect(style).not.toHaveProperty('glyphs');
    expect(style).not.toHaveProperty('sprite');
    for (const layer of style.layers) {
      if (layer.type === 'symbol') expect(layer.layout?.['text-font'], layer.id).toEqual(['Noto']);
    }
    const urls = JSON.stringify(style).match(/https?:\/\/[^"]+/g) ?? [];
    expect(urls).toEqual(['http://127.0.0.1:4173/assets/latin.woff2', 'http://127.0.0.1:4173/assets/cjk.woff2']);
  });

  it('gives each catalogue layer style layers of its own id and source', () => {
    for (const def of LAYERS) {
      const layers = def.style({lang: 'zh', theme: LIGHT, visible: false, opacity: 0.5});
      expect(layers.length).toBeGreaterThan(0);
      for (const l of layers) {
        expect(l.id.startsWith(`${def.id}:`), l.id).toBe(true);
        expect('source' in l && [def.id, `${def.id}-labels`].includes(l.source), l.id).toBe(true);
        expect(l.metadata, l.id).toEqual({'qh:layer': def.id});
        expect(l.layout?.visibility, l.id).toBe('none');
      }
    }
  });

  it('draws every feature of every layer with at least one style layer', () => {
    for (const def of LAYERS) {
      const filters = def.style({lang: 'zh', theme: LIGHT, visible: true, opacity: 1})
        .filter((l) => l.type !== 'symbol')
        .map((l) => featureFilter('filter' in l ? l.filter : undefined, 'filter'));
      for (const f of load(def.dataFile).features) {
        const drawn = filters.some((ff) =>
          ff.filter({zoom: 10}, {type: f.geometry.type === 'Point' ? 1 : f.geometry.type.includes('LineString') ? 2 : 3, properties: f.properties ?? {}} as never));
        expect(drawn, `${def.dataFile} ${f.properties?.id} (${f.properties?.kind})`).toBe(true);
      }
    }
  });

  it('shows in the legend when a layer holds indicative or schematic features', () => {
    for (const def of LAYERS) {
      const approximate = load(def.dataFile).features.some((f) => APPROXIMATE_ACCURACIES.includes(f.properties?.accuracy));
      expect(def.legend.some((e) => e.approximate), def.id).toBe(approximate);
    }
  });

  it('names every data source in the attribution, in both languages', () => {
    expect(attributionText('zh')).toContain('高德');
    expect(attributionText('zh')).toContain('Natural Earth');
    expect(attributionText('en')).toContain('AMap');
    expect(attributionText('en')).toMatch(/indicative/i);
  });
});

describe('the shipped fonts', () => {
  const require = createRequire(import.meta.url);
  const open = (file: string) => fontkit.openSync(require.resolve(file)) as unknown as {hasGlyphForCodePoint(cp: number): boolean};
  const latin = open(FONT_FILES.latin);
  const cjk = open(FONT_FILES.cjk);
  const parse = (ranges: string[]) => ranges.map((r) => r.replace('U+', '').split('-').map((h) => parseInt(h, 16)) as [number, number]);
  const inRanges = (cp: number, ranges: [number, number][]) => ranges.some(([a, b]) => cp >= a && cp <= b);
  const latinRanges = parse(LATIN_RANGES);
  const cjkRanges = parse(CJK_RANGES);

  /** Every string a label can show: names plus the “示意” suffixes the style adds. */
  const labelStrings = (): string[] => {
    const strings = ['（示意）', '（示意线）', ' (indicative)', ' (schematic)'];
    for (const file of FILES) {
      for (const f of load(file).features as Feature[]) strings.push(String(f.properties?.name_zh), String(f.properties?.name_en));
    }
    return strings;
  };

  it('cover every character a map label uses, each from the font its range points to', () => {
    const missing = new Set<string>();
    for (const s of labelStrings()) {
      for (const ch of s) {
        const cp = ch.codePointAt(0)!;
        const font = inRanges(cp, latinRanges) ? latin : inRanges(cp, cjkRanges) ? cjk : null;
        if (!font || !font.hasGlyphForCodePoint(cp)) missing.add(`${ch} U+${cp.toString(16).toUpperCase()}`);
      }
    }
    expect([...missing]).toEqual([]);
  });

  it('would notice a character the fonts lack', () => {
    const rare = '𠀀'.codePointAt(0)!; // CJK Extension B: outside both ranges
    expect(inRanges(rare, latinRanges) || inRanges(rare, cjkRanges)).toBe(false);
    expect(cjk.hasGlyphForCodePoint('𪚥'.codePointAt(0)!)).toBe(false);
  });
});
