import {describe, expect, it} from 'vitest';
import {DATONG_PACK_BOUNDS, rasterPack, terrainPack, vectorPack} from '../../../tests/helpers/test-packs';
import {inspectPack, plainText} from './inspect-pack';

const blob = (bytes: Uint8Array) => new Blob([bytes as BlobPart]);
const VECTOR = vectorPack();

describe('inspectPack', () => {
  it('recognises a vector pack in the Protomaps schema, with its zooms and bounds', async () => {
    const r = await inspectPack(blob(VECTOR));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.pack.kind).toBe('vector');
    expect(r.pack.schema).toBe('protomaps');
    expect(r.pack.minZoom).toBe(10);
    expect(r.pack.maxZoom).toBe(15);
    r.pack.bounds.forEach((v, i) => expect(v).toBeCloseTo(DATONG_PACK_BOUNDS[i]!, 6));
    expect(r.pack.vectorLayers).toContain('roads');
    expect(r.pack.title).toBe('Datong test pack (synthetic)');
    // Markup in metadata is dropped: the attribution is shown as text.
    expect(r.pack.attribution).not.toMatch(/[<>]/);
    expect(r.pack.openStreetMap).toBe(true);
    expect(r.pack.tileCount).toBeGreaterThan(100);
  });

  it('tells imagery from a terrarium DEM by the metadata encoding', async () => {
    const raster = await inspectPack(blob(rasterPack(undefined, [10, 10])));
    const dem = await inspectPack(blob(terrainPack(undefined, [9, 9])));
    expect(raster.ok && raster.pack.kind).toBe('raster');
    expect(raster.ok && raster.pack.openStreetMap).toBe(false);
    expect(dem.ok && dem.pack.kind).toBe('terrain');
    expect(dem.ok && dem.pack.encoding).toBe('terrarium');
  });

  it('calls a vector pack with other layers “other”, to be drawn generically', async () => {
    const r = await inspectPack(blob(vectorPack(undefined, [10, 11], {vector_layers: [{id: 'transportation'}, {id: 'water'}]})));
    expect(r.ok && r.pack.schema).toBe('other');
  });

  it('refuses a truncated copy, saying how long the file should be', async () => {
    const r = await inspectPack(blob(VECTOR.slice(0, Math.floor(VECTOR.length * 0.6))));
    expect(r).toEqual({ok: false, problem: {code: 'truncated', sizeBytes: Math.floor(VECTOR.length * 0.6), expectedBytes: VECTOR.length}});
  });

  it('refuses what is not a PMTiles v3 archive', async () => {
    expect(await inspectPack(blob(new TextEncoder().encode('{"type":"FeatureCollection"}'.padEnd(300))))).toEqual({ok: false, problem: {code: 'not-pmtiles'}});
    expect(await inspectPack(blob(new Uint8Array(20)))).toEqual({ok: false, problem: {code: 'too-small', sizeBytes: 20}});
    const v2 = VECTOR.slice();
    v2[7] = 2;
    expect(await inspectPack(blob(v2))).toEqual({ok: false, problem: {code: 'unsupported-version', version: 2}});
  });

  it('refuses a damaged directory, metadata or tile', async () => {
    const view = new DataView(VECTOR.buffer, VECTOR.byteOffset);
    const rootOffset = Number(view.getBigUint64(8, true));
    const metaOffset = Number(view.getBigUint64(24, true));
    const dataOffset = Number(view.getBigUint64(56, true));
    const damage = (at: number) => {
      const copy = VECTOR.slice();
      for (let i = at + 12; i < at + 20; i++) copy[i] = 0x55;
      return copy;
    };
    expect((await inspectPack(blob(damage(rootOffset)))).ok).toBe(false);
    expect(await inspectPack(blob(damage(metaOffset)))).toEqual({ok: false, problem: {code: 'corrupt-metadata'}});
    const tile = await inspectPack(blob(damage(dataOffset)));
    expect(tile.ok ? null : tile.problem.code).toBe('corrupt-tile');
  });

  it('refuses bounds that are not a box on the globe', async () => {
    const copy = VECTOR.slice();
    new DataView(copy.buffer).setInt32(110, -1_900_000_000, true); // east < west
    expect((await inspectPack(blob(copy))).ok ? null : ((await inspectPack(blob(copy))) as {problem: {code: string}}).problem.code).toBe('bad-bounds');
  });
});

describe('plainText', () => {
  it('keeps the words of an HTML attribution and drops the markup', () => {
    expect(plainText('<a href="https://www.openstreetmap.org/copyright">&copy; OpenStreetMap</a> <script>x</script>')).toBe('© OpenStreetMap x');
  });
});
