import {randomUUID} from 'node:crypto';
import {readFileSync} from 'node:fs';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {tallyPlots} from '../../../geo/tally';
import type {SyncPlot} from '../../../sync/protocol';
import {pushOp, type Actor} from '../../core/push-op';
import {addTestUser, PG_URL, storeCases} from '../../test/harness';
import type {OpenedStore} from '../../test/harness';
import type {PostgresStore} from './postgres-store';

/*
 * An independent implementation of the programme's figure: PostGIS dissolves the remediated
 * plots (ST_Union) and measures them on the CGCS2000 ellipsoid (geography, SRID 4490), and
 * must agree with tallyPlots (polygon-clipping + GeographicLib) on the fixture plots.
 */
const fixture = JSON.parse(readFileSync(new URL('../../../../tests/fixtures/datong-programme-plots.geojson', import.meta.url), 'utf8')) as {features: SyncPlot[]};
const postgres = storeCases().find((c) => c.name === 'postgres');
if (!postgres) console.warn('[team server tests] TEST_DATABASE_URL is not set: the PostGIS area test is SKIPPED.');

describe.skipIf(!PG_URL || !postgres)('PostGIS agrees with the tally', () => {
  let opened: OpenedStore;
  beforeAll(async () => {
    opened = await postgres!.open();
  });
  afterAll(async () => opened?.cleanup());

  it('measures the dissolved remediated plots within 1e-6 of tallyPlots', async () => {
    const store = opened.store as PostgresStore;
    const user = await addTestUser(store, 'pat', 'planner');
    const actor: Actor = {userId: user.id, name: 'pat', role: 'planner', team: null, deviceId: 'import'};
    for (const plot of fixture.features) {
      const result = await pushOp(store, actor, {opId: randomUUID(), plotId: plot.properties.id, kind: 'create', baseVersion: 0, changes: {}, plot}, new Date().toISOString());
      expect(result.status).toBe('applied');
    }
    const row = (await store.pool.query(`select ST_Area(ST_Union(geom)::geography) as m2, count(*)::int as n, min(ST_SRID(geom)) as srid
      from plots_live where status in ('remediated', 'verified')`)).rows[0] as {m2: number; n: number; srid: number};
    const tally = tallyPlots(await store.livePlots(), {asOf: '2025-12-31'});
    console.log(`PostGIS ${row.m2} m² vs tallyPlots ${tally.remediatedSquareMeters} m²`);
    expect(row.srid).toBe(4490);
    expect(row.n).toBe(tally.byStatus.remediated.plots + tally.byStatus.verified.plots);
    expect(row.n).toBeGreaterThan(5);
    expect(Math.abs(row.m2 - tally.remediatedSquareMeters) / tally.remediatedSquareMeters).toBeLessThanOrEqual(1e-6);
    // The GiST index QGIS and spatial queries use is there.
    const index = await store.pool.query(`select indexdef from pg_indexes where indexname = 'plots_geom'`);
    expect(index.rows[0].indexdef).toContain('gist');
  });
});
