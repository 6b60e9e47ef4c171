import {writeArrayBuffer} from 'geotiff';
import {describe, expect, it} from 'vitest';
import {QUADRANTS, handTiff, offsetMeters, orthoCogYcbcr, orthoTiff} from '../../../tests/helpers/test-orthos';
import {openOrtho} from './ortho-convert';
import type {OrthoTile} from './ortho-convert';
import {mercatorFromLonLat, TILE_SIZE} from './ortho-tiles';

const QIAOTOU: [number, number] = [101.69, 36.95];
const blob = (bytes: Uint8Array) => new Blob([bytes as BlobPart]);

async function allTiles(bytes: Uint8Array) {
  const opened = await openOrtho(blob(bytes));
  if (!opened.ok) throw new Error(JSON.stringify(opened.problem));
  const tiles = new Map<string, OrthoTile>();
  for await (const t of opened.source.tiles()) tiles.set(`${t.z}/${t.x}/${t.y}`, t);
  return {plan: opened.source.plan, tiles};
}

/** The RGBA the tiles give a lon/lat at zoom z. */
function colourAt(tiles: Map<string, OrthoTile>, z: number, [lon, lat]: readonly [number, number]): number[] {
  const [mx, my] = mercatorFromLonLat(lon, lat);
  const world = 2 * Math.PI * 6378137;
  const fx = ((mx + world / 2) / world) * 2 ** z;
  const fy = ((world / 2 - my) / world) * 2 ** z;
  const tile = tiles.get(`${z}/${Math.floor(fx)}/${Math.floor(fy)}`);
  if (!tile) return [0, 0, 0, 0];
  const px = Math.floor((fx % 1) * TILE_SIZE), py = Math.floor((fy % 1) * TILE_SIZE);
  return [...tile.rgba.slice((py * TILE_SIZE + px) * 4, (py * TILE_SIZE + px) * 4 + 4)];
}

const near = (actual: number[], rgb: readonly number[]) => actual.slice(0, 3).every((v, i) => Math.abs(v - rgb[i]!) <= 2) && actual[3] === 255;

describe('openOrtho', () => {
  it.each([4522, 3857, 4490] as const)('puts an EPSG:%i image where its coordinates say, to a few metres', async (epsg) => {
    const {plan, tiles} = await allTiles(orthoTiff({epsg, centre: QIAOTOU, size: 400, pixelMeters: 2}).bytes);
    expect(plan.epsg).toBe(epsg);
    expect(plan.maxZoom).toBe(epsg === 3857 ? 17 : 16);
    expect(plan.minZoom).toBe(plan.maxZoom - 6);
    // 6 m either side of where the quadrants meet: 3 tile pixels at z16.
    const z = plan.maxZoom;
    expect(near(colourAt(tiles, z, offsetMeters(QIAOTOU, -6, 6)), QUADRANTS.nw)).toBe(true);
    expect(near(colourAt(tiles, z, offsetMeters(QIAOTOU, 6, 6)), QUADRANTS.ne)).toBe(true);
    expect(near(colourAt(tiles, z, offsetMeters(QIAOTOU, -6, -6)), QUADRANTS.sw)).toBe(true);
    expect(near(colourAt(tiles, z, offsetMeters(QIAOTOU, 6, -6)), QUADRANTS.se)).toBe(true);
    // The black frame is nodata: transparent, and nothing beyond the image.
    expect(colourAt(tiles, z, offsetMeters(QIAOTOU, epsg === 3857 ? 319 : 399, 0))[3]).toBe(0);
    expect(colourAt(tiles, z, offsetMeters(QIAOTOU, 600, 0))[3]).toBe(0);
    // The shallowest zoom still shows the picture.
    expect(near(colourAt(tiles, plan.minZoom, offsetMeters(QIAOTOU, 150, 150)), QUADRANTS.ne)).toBe(true);
  });

  it('reads a YCbCr JPEG COG laid out as GDAL writes it, with its internal mask as transparency', async () => {
    // 4:2:0 JPEG tiles with JPEGTables, two internal overviews and their masks; a masked black collar 8 px wide.
    const cog = orthoCogYcbcr({epsg: 4522, centre: QIAOTOU, size: 400, pixelMeters: 2});
    const {plan, tiles} = await allTiles(cog.bytes);
    expect(plan).toMatchObject({epsg: 4522, widthPixels: 400, heightPixels: 400, maxZoom: 16, minZoom: 10});
    const z = plan.maxZoom;
    // JPEG is lossy (and 4:2:0 halves the colour resolution): within a few levels, not exact.
    const jpegNear = (actual: number[], rgb: readonly number[]) => actual.slice(0, 3).every((v, i) => Math.abs(v - rgb[i]!) <= 6) && actual[3] === 255;
    expect(jpegNear(colourAt(tiles, z, offsetMeters(QIAOTOU, -20, 20)), QUADRANTS.nw)).toBe(true);
    expect(jpegNear(colourAt(tiles, z, offsetMeters(QIAOTOU, 20, 20)), QUADRANTS.ne)).toBe(true);
    expect(jpegNear(colourAt(tiles, z, offsetMeters(QIAOTOU, -20, -20)), QUADRANTS.sw)).toBe(true);
    expect(jpegNear(colourAt(tiles, z, offsetMeters(QIAOTOU, 20, -20)), QUADRANTS.se)).toBe(true);
    // The collar (black under the mask, 392–400 m from the centre) is transparent, not a black frame.
    expect(colourAt(tiles, z, offsetMeters(QIAOTOU, 396, 0))[3]).toBe(0);
    expect(colourAt(tiles, z, offsetMeters(QIAOTOU, 0, -396))[3]).toBe(0);
    expect(jpegNear(colourAt(tiles, z, offsetMeters(QIAOTOU, 370, 100)), QUADRANTS.ne)).toBe(true);
  });

  it('reports the image’s extent in degrees and its date', async () => {
    const {plan} = await allTiles(orthoTiff({epsg: 4522, centre: QIAOTOU, size: 400, pixelMeters: 2, dateTime: '2024:05:06 10:00:00'}).bytes);
    const [w, s, e, n] = plan.bounds;
    expect((e - w) * 111_320 * Math.cos((36.95 * Math.PI) / 180)).toBeCloseTo(800, -1);
    expect((n - s) * 110_574).toBeCloseTo(800, -1);
    expect(plan.dataDate).toBe('2024-05-06');
  });

  it('refuses a file that is not a TIFF, a damaged one, and one with no georeferencing', async () => {
    expect(await openOrtho(blob(new TextEncoder().encode('<html>not an image</html>')))).toEqual({ok: false, problem: {code: 'not-tiff'}});
    const good = orthoTiff({epsg: 4522, centre: QIAOTOU, size: 64, pixelMeters: 2}).bytes;
    const cut = good.slice(0, 12);
    expect(await openOrtho(blob(cut))).toMatchObject({ok: false, problem: {code: 'corrupt'}});
    expect(await openOrtho(blob(handTiff({width: 16, height: 16, rowsPerStrip: 16})))).toEqual({ok: false, problem: {code: 'no-georeferencing'}});
    // The same file with GeoTIFF tags is read.
    expect((await openOrtho(blob(handTiff({width: 16, height: 16, rowsPerStrip: 16, geo: {epsg: 4522, tiepoint: [34_469_000, 4_091_000], pixelMeters: 2}})))).ok).toBe(true);
  });

  it('refuses a Xi’an 1980 Gauss-Krüger image rather than misplace it by a datum shift', async () => {
    const xian = new Uint8Array(writeArrayBuffer(new Uint8Array(16 * 16 * 3), {width: 16, height: 16, GTModelTypeGeoKey: 1, ProjectedCSTypeGeoKey: 2360, ModelTiepoint: [0, 0, 0, 34_468_000, 4_092_000, 0], ModelPixelScale: [1, 1, 0]}));
    expect(await openOrtho(blob(xian))).toMatchObject({ok: false, problem: {code: 'datum-shift', epsg: 2360}});
  });

  it('refuses an image too wide for the tile budget before making any tile', async () => {
    // 0.05 m pixels over 12 km: z20, past the 150 000-tile budget.
    const huge = handTiff({width: 240_000, height: 240_000, rowsPerStrip: 64, geo: {epsg: 4522, tiepoint: [34_460_000, 4_100_000], pixelMeters: 0.05}});
    expect(await openOrtho(blob(huge))).toMatchObject({ok: false, problem: {code: 'too-many-tiles', maxTiles: 150_000}});
  });

  it('refuses a strip TIFF whose one strip would have to be decoded whole (too large for memory)', async () => {
    const oneStrip = handTiff({width: 20_000, height: 20_000, rowsPerStrip: 20_000, geo: {epsg: 4522, tiepoint: [34_460_000, 4_100_000], pixelMeters: 0.5}});
    expect(await openOrtho(blob(oneStrip))).toMatchObject({ok: false, problem: {code: 'too-large', blockBytes: 1_200_000_000}});
  });
});
