import {describe, expect, it} from 'vitest';
import {existsSync, readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import * as fontkit from 'fontkit';
import {createExpression, expression, featureFilter, latest, validateStyleMin} from '@maplibre/maplibre-gl-style-spec';
import type {LayerSpecification, StylePropertySpecification} from '@maplibre/maplibre-gl-style-spec';
import {pointToLineDistance} from '@turf/turf';
import type {Feature, FeatureCollection, LineString, MultiLineString, Point, Position} from 'geojson';
import {polygonAreaSquareMeters} from '../geo/area';
import type {PlotGeometry} from '../geo/plot';
import {BASEMAP_LEGEND, BASEMAP_SOURCE} from './basemap';
import {mapLegendRows} from './legend';
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
import {KEEP_CLEAR_PREFIX} from './keep-clear';

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

/** How MapLibre types a feature for filters and expressions: 1 point, 2 line, 3 polygon. */
const vectorType = (f: Feature) => (f.geometry.type.includes('Point') ? 1 : f.geometry.type.includes('LineString') ? 2 : 3);
const TEXT_FIELD_SPEC = {type: 'formatted', 'property-type': 'data-driven', expression: {interpolated: false, parameters: ['zoom', 'feature']}} as unknown as StylePropertySpecification;

/** Every label the style draws, per feature id: the text-field evaluated as MapLibre would. */
function labelsById(lang: 'zh' | 'en'): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const layer of styleFor(lang).layers) {
    if (layer.type !== 'symbol' || !('source' in layer) || typeof layer.source !== 'string') continue;
    if (layer.id.startsWith(KEEP_CLEAR_PREFIX)) continue; // invisible boxes over dots, not labels
    const base = layer.source.replace(/-labels$/, '') as SourceId;
    if (!(base in DATA)) continue;
    const features = layer.source.endsWith('-labels') ? DATA[base].labels.features : DATA[base].features.features;
    const filter = featureFilter(layer.filter, 'filter');
    const parsed = createExpression(layer.layout!['text-field'], 'text-field', TEXT_FIELD_SPEC);
    if (parsed.result !== 'success') throw new Error(`${layer.id}: ${JSON.stringify(parsed.value)}`);
    for (const f of features as Feature[]) {
      const vf = {type: vectorType(f), properties: f.properties ?? {}} as never;
      if (!filter.filter({zoom: 10}, vf)) continue;
      const text = String(parsed.value.evaluate({zoom: 10}, vf));
      const id = String(f.properties?.id);
      out.set(id, [...(out.get(id) ?? []), text]);
    }
  }
  return out;
}

const allFeatures = () => FILES.flatMap((file) => load(file).features.map((f) => ({file, f})));
const byId = (id: string) => allFeatures().find(({f}) => f.properties?.id === id)!.f;
const linesOf = (f: Feature): Position[][] => (f.geometry.type === 'LineString' ? [(f.geometry as LineString).coordinates] : (f.geometry as MultiLineString).coordinates);
const railLine = (lineId: string) => load('rail-lines.geojson').features.find((f) => f.properties?.line_id === lineId)!;
/** Distance in metres from a point to the nearest part of a rail line. */
const metresToLine = (at: Position, lineId: string) =>
  Math.min(...linesOf(railLine(lineId)).map((l) => pointToLineDistance(at, {type: 'LineString', coordinates: l}, {units: 'meters'})));
const town = (slug: string) => (byId(`town-${slug}`).geometry as Point).coordinates;

describe('data honesty rules over geodata and the generated style', () => {
  it.each(['zh', 'en'] as const)('labels every indicative or schematic feature with its marker, stations as points not lines (%s)', (lang) => {
    const labels = labelsById(lang);
    const marker = lang === 'zh' ? /（示意(线)?）$/ : / \((indicative|schematic)\)$/;
    let checked = 0;
    for (const {file, f} of allFeatures()) {
      const p = f.properties!;
      const texts = labels.get(p.id) ?? [];
      if (!APPROXIMATE_ACCURACIES.includes(p.accuracy)) {
        for (const text of texts) expect(text, `${file} ${p.id}`).not.toMatch(marker);
        continue;
      }
      expect(texts.length, `${file} ${p.id} has no label`).toBeGreaterThan(0);
      for (const text of texts) {
        expect(text, `${file} ${p.id}`).toMatch(marker);
        // A station is a point: “示意”, never “示意线”.
        if (f.geometry.type === 'Point' && lang === 'zh') expect(text, p.id).not.toMatch(/示意线/);
        if (p.kind === 'rail-line' && lang === 'zh') expect(text, p.id).toMatch(/（示意线）$/);
      }
      checked++;
    }
    expect(checked).toBeGreaterThan(30);
    expect(labels.get('station-golmud')).toEqual([lang === 'zh' ? '格尔木站（示意）' : 'Golmud station (schematic)']);
    expect(labels.get('lake-qarhan')).toEqual([lang === 'zh' ? '察尔汗盐湖（示意）' : 'Qarhan Salt Lake (indicative)']);
  });

  it('draws the hand-drawn salt lakes hollow and dashed, never as the solid water of a mapped lake', () => {
    const layers = styleFor('zh').layers;
    const matching = (id: string) => layers.filter((l) => 'source' in l && l.source === BASEMAP_SOURCE && l.type !== 'symbol'
      && featureFilter('filter' in l ? l.filter : undefined, 'filter').filter({zoom: 8}, {type: vectorType(byId(id)), properties: byId(id).properties} as never));
    for (const id of ['lake-qarhan', 'lake-dabusun']) {
      expect(byId(id).properties?.accuracy).toBe('indicative');
      const drawn = matching(id);
      expect(drawn.map((l) => l.id).sort(), id).toEqual(['basemap:lake-indicative', 'basemap:lake-indicative-outline']);
      const fill = drawn.find((l) => l.type === 'fill')!;
      expect((fill.paint as Record<string, number>)['fill-opacity']).toBeLessThan(0.5);
      const dash = createExpression((drawn.find((l) => l.type === 'line')!.paint as Record<string, unknown>)['line-dasharray'], 'line-dasharray', latest.paint_line['line-dasharray'] as StylePropertySpecification);
      expect(dash.result === 'success' && dash.value.evaluate({zoom: 8}, {type: 2, properties: byId(id).properties} as never), id).toEqual([3, 2]);
    }
    expect(matching('lake-qinghai-lake').map((l) => l.id)).toEqual(['basemap:lake', 'basemap:lake-edge']);
  });

  it('gives the legend an entry for every kind of approximate feature, each saying so in its label', () => {
    const rows = (lang: 'zh' | 'en') => mapLegendRows(allOn, lang);
    for (const lang of ['zh', 'en'] as const) {
      for (const row of rows(lang).filter((r) => r.entry.approximate)) {
        expect(row.label, row.label).toMatch(lang === 'zh' ? /示意/ : /indicative|schematic/i);
      }
    }
    // The basemap's indicative lakes are in the legend; every layer with approximate features too.
    expect(rows('zh').map((r) => r.entry)).toEqual(expect.arrayContaining([...BASEMAP_LEGEND]));
    for (const def of LAYERS) expect(rows('en').some((r) => r.entry.approximate && def.legend.includes(r.entry)), def.id).toBe(def.legend.some((e) => e.approximate));
    // A hidden layer leaves the legend.
    expect(mapLegendRows({...allOn, datong: {visible: false}}, 'zh').some((r) => r.label.includes('沉陷区'))).toBe(false);
  });

  it('calls an area "official" only where an official figure exists, and says which source gives which', () => {
    let figures = 0;
    for (const {file, f} of allFeatures()) {
      const p = f.properties!;
      const where = `${file} ${p.id}`;
      if (p.area_km2_official !== undefined) expect(p.accuracy, `${where}: official area on an approximate shape`).toBe('published');
      if (p.area_km2_official === undefined && p.area_km2_stated === undefined) {
        expect(p.area_km2_drawn, where).toBeUndefined();
        continue;
      }
      figures++;
      expect(p.area_note_zh && p.area_note_en, where).toBeTruthy();
      // The drawn area is what the app itself measures on the CGCS2000 ellipsoid.
      expect(Math.abs(p.area_km2_drawn - polygonAreaSquareMeters(f.geometry as PlotGeometry) / 1e6) / p.area_km2_drawn, where).toBeLessThan(0.001);
    }
    expect(figures).toBeGreaterThanOrEqual(10);
    for (const id of ['muli-coalfield', 'muli-site-juhugeng', 'lake-qarhan']) {
      expect(byId(id).properties?.area_km2_official, id).toBeUndefined();
    }
    expect(byId('muli-coalfield').properties?.area_km2_stated).toBe(112.6);
    expect(byId('muli-site-juhugeng').properties?.area_km2_stated).toBe(76);
    const datong = byId('datong-county').properties!;
    expect(datong.area_km2_official).toBe(3090);
    expect(Math.round(datong.area_km2_drawn)).toBe(3157);
    expect(datong.area_note_en).toMatch(/3,090 km².*3,157 km²/);
    expect(datong.area_note_zh).toMatch(/3,090平方千米.*3,157平方千米/);
  });

  it('carries the same caveats in Chinese as in English (Muli positions are assumed)', () => {
    for (const {file, f} of allFeatures()) {
      const p = f.properties!;
      if (/assumed/i.test(p.note_en ?? '')) expect(p.note_zh, `${file} ${p.id}`).toMatch(/假定/);
    }
    for (const slug of ['hushan', 'juhugeng', 'jiangcang']) expect(byId(`muli-site-${slug}`).properties?.note_zh).toMatch(/位置为假定|方向为假定/);
  });

  it('joins the rail lines where they meet (within 100 m) and passes the towns they serve (within 2 km)', () => {
    const start = (lineId: string) => linesOf(railLine(lineId))[0]![0]!;
    expect(metresToLine(start('golmud-korla'), 'qinghai-tibet-golmud-lhasa')).toBeLessThan(100);
    expect(metresToLine(start('golmud-dunhuang'), 'qinghai-tibet-xining-golmud')).toBeLessThan(100);
    expect(metresToLine(start('delingha-park-spur'), 'qinghai-tibet-xining-golmud')).toBeLessThan(100);
    const xg = linesOf(railLine('qinghai-tibet-xining-golmud'))[0]!;
    expect(metresToLine(xg[xg.length - 1]!, 'qinghai-tibet-golmud-lhasa')).toBeLessThan(100);
    // PLACES.md: Golmud–Dunhuang runs Dunhuang–Aksay–Subei–Dangjin Pass…
    for (const slug of ['subei', 'aksay', 'daqaidam']) expect(metresToLine(town(slug), 'golmud-dunhuang'), slug).toBeLessThan(2000);
    expect(metresToLine(town('mangnai'), 'golmud-korla')).toBeLessThan(2000);
    // …and every station sits on a drawn line.
    const ids = ['qinghai-tibet-xining-golmud', 'qinghai-tibet-golmud-lhasa', 'golmud-korla', 'golmud-dunhuang'];
    for (const f of load('rail-lines.geojson').features.filter((x) => x.properties?.kind === 'station')) {
      expect(Math.min(...ids.map((id) => metresToLine((f.geometry as Point).coordinates, id))), f.properties?.id).toBeLessThan(2000);
    }
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

describe('label placement (issue 12 item 13)', () => {
  it('lets point labels move round their symbol and never wraps a Chinese name mid-word', async () => {
    const {anchorOffsets, labelMaxWidth} = await import('./style-helpers');
    expect(anchorOffsets(0.6, ['right', 'below'])).toEqual(['left', [0.6, 0], 'top', [0, 0.6]]);
    expect(labelMaxWidth('zh')).toBeGreaterThanOrEqual(20);
    const {LAYERS} = await import('./layers');
    const {THEMES} = await import('./themes');
    const labels = LAYERS.flatMap((l) => l.style({lang: 'zh', theme: THEMES.light, visible: true, opacity: 1})).filter((s) => s.type === 'symbol');
    const parks = labels.find((s) => s.id === 'industrial-parks:label')!;
    const stations = labels.find((s) => s.id === 'rail-lines:station-label')!;
    const layout = (s: (typeof labels)[number]) => (s as {layout: Record<string, unknown>}).layout;
    // Parks prefer below their circle and stations above their dot: the two never take the same side first.
    expect((layout(parks)['text-variable-anchor-offset'] as unknown[])[0]).toBe('top');
    expect((layout(stations)['text-variable-anchor-offset'] as unknown[])[0]).toBe('bottom');
    for (const s of labels) expect(layout(s)['text-max-width'], s.id).toBe(labelMaxWidth('zh'));
  });

  it('puts an invisible box over every dot, placed before any label, and none over a hidden layer', () => {
    const ids = styleFor('zh').layers.map((l) => l.id);
    const boxes = ids.filter((id) => id.startsWith(KEEP_CLEAR_PREFIX));
    expect(boxes).toEqual(['keep-clear:towns', 'keep-clear:parks', 'keep-clear:stations']);
    // MapLibre places the topmost symbol layer first: the boxes, then town names, then the rest.
    const lastLabel = styleFor('zh').layers.map((l) => l.type === 'symbol' && !l.id.startsWith(KEEP_CLEAR_PREFIX)).lastIndexOf(true);
    expect(ids.indexOf('keep-clear:towns')).toBeGreaterThan(lastLabel);
    expect(lastLabel).toBe(ids.indexOf('basemap:town-label'));
    const hidden = styleFor('zh', {...allOn, 'industrial-parks': {visible: false, opacity: 1}}).layers.find((l) => l.id === 'keep-clear:parks')!;
    expect((hidden as {layout: Record<string, unknown>}).layout.visibility).toBe('none');
    for (const l of styleFor('en').layers.filter((x) => x.id.startsWith(KEEP_CLEAR_PREFIX))) {
      expect((l as {paint: Record<string, unknown>}).paint['text-opacity'], l.id).toBe(0);
      expect((l as {layout: Record<string, unknown>}).layout['text-allow-overlap'], l.id).toBe(true);
    }
  });
});

describe('WebGL programs', () => {
  // MapLibre links a WebGL program for each layer type (dashed lines apart) and each set of
  // paint properties read per feature; on SwiftShader a link is 40–70 ms of the first frame.
  const perFeatureProperties = (layer: LayerSpecification): string => {
    const paint = {...(('paint' in layer ? layer.paint : undefined) ?? {})} as Record<string, unknown>;
    // An unset outline colour is the fill colour (MapLibre's fill layer).
    if (layer.type === 'fill' && paint['fill-outline-color'] === undefined) paint['fill-outline-color'] = paint['fill-color'];
    const specs = (latest as unknown as Record<string, Record<string, StylePropertySpecification>>)[`paint_${layer.type}`]!;
    return Object.entries(paint)
      .filter(([key, value]) => {
        const parsed = expression.createPropertyExpression(value, key, specs[key]!);
        return parsed.result === 'success' && parsed.value.kind !== 'constant' && parsed.value.kind !== 'camera';
      })
      .map(([key]) => key)
      .sort()
      .join(',');
  };

  it('gives every layer of a kind the same paint read per feature and antialiases no fill, so each kind links one program', () => {
    const style = buildStyle({
      lang: 'zh', theme: LIGHT, layerState: allOn, data: DATA, fontFaces: fontFaces({latin: 'l', cjk: 'c'}),
      packs: [], tianditu: null,
    });
    const sets = new Map<string, Set<string>>();
    for (const layer of style.layers) {
      const dashed = layer.type === 'line' && layer.paint?.['line-dasharray'] !== undefined;
      // An antialiased fill draws its rings again with a program of its own (fillOutline).
      const antialiased = layer.type === 'fill' && layer.paint?.['fill-antialias'] !== false;
      const kind = `${layer.type}${dashed ? ' (dashed)' : ''}${antialiased ? ' (antialiased)' : ''}`;
      sets.set(kind, (sets.get(kind) ?? new Set()).add(perFeatureProperties(layer)));
    }
    expect(Object.fromEntries([...sets].map(([kind, s]) => [kind, [...s]]))).toEqual({
      background: [''],
      fill: ['fill-color,fill-outline-color'],
      line: ['line-color'],
      'line (dashed)': ['line-dasharray'],
      circle: ['circle-color'],
      symbol: [''],
    });
  });
});
