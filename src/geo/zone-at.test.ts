import {describe, expect, it} from 'vitest';
import {readFileSync} from 'node:fs';
import type {FeatureCollection} from 'geojson';
import {labelPointOf} from './label-point';
import type {Plot} from './plot';
import {checkPlotZone, locatePlot, prepareZones, zoneAt} from './zone-at';
import type {ZoneFeature} from './zone-at';

const datong = JSON.parse(readFileSync(new URL('../../geodata/datong.geojson', import.meta.url), 'utf8')) as FeatureCollection;
const zones = datong.features.filter((f) => f.properties?.kind === 'subsidence-zone') as ZoneFeature[];

describe('zoneAt', () => {
  it('finds the subsidence zone a point inside it belongs to', () => {
    for (const zone of zones) expect(zoneAt(labelPointOf(zone.geometry)!, zones)?.properties.id).toBe(zone.properties.id);
  });
  it('is null outside every zone', () => {
    expect(zoneAt([95, 37], zones)).toBeNull();
  });
});

describe('checkPlotZone', () => {
  const prepared = prepareZones(zones);
  const [first, second] = zones as [ZoneFeature, ZoneFeature];
  const at = (zone: ZoneFeature) => labelPointOf(zone.geometry)!;
  const square = ([lon, lat]: readonly number[], zoneText: string): Plot => ({
    type: 'Feature',
    geometry: {type: 'Polygon', coordinates: [[[lon!, lat!], [lon! + 0.001, lat!], [lon! + 0.001, lat! + 0.001], [lon!, lat! + 0.001], [lon!, lat!]]]},
    properties: {id: 'p', name: '', zone: zoneText, measure: 'cover-regreen', status: 'remediated', completed: '2025-01-01', team: '', notes: '', updated: '2025-01-01T00:00:00Z'},
  });

  it('agrees when the attribute names the zone the plot lies in, by id or by name', () => {
    expect(checkPlotZone(square(at(first), first.properties.id), prepared)).toMatchObject({zoneId: first.properties.id, agreement: 'match'});
    expect(checkPlotZone(square(at(first), ` ${first.properties.name_zh} `), prepared).agreement).toBe('match');
    expect(checkPlotZone(square(at(first), first.properties.name_en.toUpperCase()), prepared).agreement).toBe('match');
    expect(checkPlotZone(square([95, 37], 'other'), prepared)).toMatchObject({zoneId: null, agreement: 'match'});
  });

  it('flags an attribute naming another zone, free text and an empty attribute, keeping the attribute as it is', () => {
    const wrong = checkPlotZone(square(at(first), second.properties.id), prepared);
    expect(wrong).toMatchObject({zoneId: first.properties.id, attributeZoneId: second.properties.id, agreement: 'mismatch', attribute: second.properties.id});
    expect(checkPlotZone(square(at(first), 'other'), prepared).agreement).toBe('mismatch');
    expect(checkPlotZone(square(at(first), '桥头北片'), prepared)).toMatchObject({agreement: 'unrecognised', attribute: '桥头北片', attributeZoneId: null});
    expect(checkPlotZone(square(at(first), ''), prepared).agreement).toBe('absent');
  });

  it('places a plot across a border in the zone holding most of it', () => {
    const ring = first.geometry.type === 'Polygon' ? first.geometry.coordinates[0]! : first.geometry.coordinates[0]![0]!;
    const west = ring.reduce((a, p) => (p[0]! < a[0]! ? p : a));
    // A square three quarters west of the zone's westmost vertex: mostly outside.
    const location = locatePlot(square([west[0]! - 0.00075, west[1]! - 0.0005], '').geometry, prepared);
    expect(location.zoneId).toBeNull();
    expect(location.share).toBeGreaterThan(0.5);
    expect(location.share).toBeLessThan(1);
  });
});
