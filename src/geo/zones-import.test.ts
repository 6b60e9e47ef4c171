import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {importPlotFile} from './import/import-plot-file';
import {withOfficialZones, zonesFromImport} from './zones-import';

const ready = async (name: string, bytes: Uint8Array) => {
  const result = await importPlotFile(name, bytes);
  if (result.status !== 'ready') throw new Error(`${name}: ${result.status}`);
  return result;
};
const square = (lon: number) => [[[lon, 36.95], [lon + 0.01, 36.95], [lon + 0.01, 36.96], [lon, 36.96], [lon, 36.95]]];
const collection = (features: Record<string, unknown>[]) => new TextEncoder().encode(JSON.stringify({
  type: 'FeatureCollection',
  features: features.map((properties, i) => ({type: 'Feature', properties, geometry: {type: 'Polygon', coordinates: square(101.6 + i * 0.02)}})),
}));

describe('zonesFromImport', () => {
  it('takes only the subsidence zones from a file that marks its features by kind, as the shipped layer does', async () => {
    const zones = zonesFromImport(await ready('datong.geojson', readFileSync(new URL('../../geodata/datong.geojson', import.meta.url))));
    expect(zones.map((z) => z.properties.id)).toEqual([
      'datong-subsidence-qiaotou-north', 'datong-subsidence-qiaotou-west', 'datong-subsidence-liangjiao-gangou', 'datong-subsidence-liangjiao-east',
    ]);
    expect(zones[0]!.properties.name_zh).toBe('大通采煤沉陷区（桥头镇北部）');
  });

  it('names a zone without an id by its name, and keeps ids unique', async () => {
    const staged = await ready('zones.geojson', collection([{name: '一号区'}, {id: 'Z2', name: '二号区'}, {id: 'Z2', name: '二号区（续）'}, {}]));
    // The repeated id is held back (never dropped unasked); without consent it is not a zone.
    expect(staged.repairable.map((r) => [r.index, r.repairs])).toEqual([[2, ['new-id']]]);
    expect(zonesFromImport(staged).map((z) => z.properties.id)).toEqual(['一号区', 'Z2', 'zone-4']);
    const zones = zonesFromImport(staged, new Set([2]));
    expect(zones.map((z) => z.properties.id)).toEqual(['一号区', 'Z2', 'Z2-3', 'zone-4']);
    expect(zones[0]!.properties).toEqual({id: '一号区', name_zh: '一号区', name_en: '一号区'});
  });

  it('puts official zones into a layer in place of its own, marked as published', () => {
    const layer = {type: 'FeatureCollection' as const, features: [
      {type: 'Feature' as const, properties: {id: 'county', kind: 'county'}, geometry: {type: 'Polygon' as const, coordinates: square(101.5)}},
      {type: 'Feature' as const, properties: {id: 'old', kind: 'subsidence-zone', accuracy: 'indicative'}, geometry: {type: 'Polygon' as const, coordinates: square(101.6)}},
    ]};
    const out = withOfficialZones(layer, {source: {kind: 'official', fileName: 'z.kml', date: '2026-01-02', zones: 1},
      zones: [{type: 'Feature', properties: {id: 'Z1', name_zh: '一号', name_en: 'One'}, geometry: {type: 'Polygon', coordinates: square(101.7)}}]});
    expect(out.features.map((f) => [f.properties?.id, f.properties?.kind, f.properties?.accuracy ?? null])).toEqual([['county', 'county', null], ['Z1', 'subsidence-zone', 'published']]);
    expect(out.features[1]!.properties?.source).toBe('z.kml (2026-01-02)');
  });
});
