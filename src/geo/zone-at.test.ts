import {describe, expect, it} from 'vitest';
import {readFileSync} from 'node:fs';
import type {FeatureCollection} from 'geojson';
import {labelPointOf} from './label-point';
import {zoneAt} from './zone-at';
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
