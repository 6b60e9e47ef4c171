/*
 * Well-known binary (OGC 06-103r4 §8, with ISO Z/M type codes 1000–3000 and EWKB flag bits) to
 * GeoJSON geometry, two-dimensional. Hand-written because the only well-known package (wkx)
 * needs node's Buffer, which a browser worker does not have; the format is small and fixed.
 */

type WkbGeometry = {type: string; coordinates?: unknown; geometries?: WkbGeometry[]};

/** Reads one WKB geometry starting at `offset`, or throws a RangeError on malformed input. */
export function wkbToGeometry(bytes: Uint8Array, offset = 0): WkbGeometry {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = offset;
  let little = true;
  const u32 = () => {
    const v = view.getUint32(at, little);
    at += 4;
    return v;
  };
  const f64 = () => {
    const v = view.getFloat64(at, little);
    at += 8;
    return v;
  };
  const geometry = (): WkbGeometry => {
    little = view.getUint8(at) === 1;
    at += 1;
    const raw = u32();
    const ewkbZ = (raw & 0x80000000) !== 0, ewkbM = (raw & 0x40000000) !== 0;
    if (raw & 0x20000000) u32(); // EWKB SRID
    const code = raw & 0x0fffffff;
    const base = code % 1000, iso = Math.floor(code / 1000);
    const dims = 2 + (ewkbZ || iso === 1 || iso === 3 ? 1 : 0) + (ewkbM || iso === 2 || iso === 3 ? 1 : 0);
    const point = (): number[] => {
      const p = [f64(), f64()];
      for (let d = 2; d < dims; d++) f64();
      return p;
    };
    const points = (): number[][] => Array.from({length: u32()}, point);
    const rings = (): number[][][] => Array.from({length: u32()}, points);
    switch (base) {
      case 1: return {type: 'Point', coordinates: point()};
      case 2: return {type: 'LineString', coordinates: points()};
      case 3: return {type: 'Polygon', coordinates: rings()};
      case 4: return {type: 'MultiPoint', coordinates: Array.from({length: u32()}, () => geometry().coordinates)};
      case 5: return {type: 'MultiLineString', coordinates: Array.from({length: u32()}, () => geometry().coordinates)};
      case 6: return {type: 'MultiPolygon', coordinates: Array.from({length: u32()}, () => geometry().coordinates)};
      case 7: return {type: 'GeometryCollection', geometries: Array.from({length: u32()}, geometry)};
      default: throw new RangeError(`unsupported WKB geometry type ${raw}`);
    }
  };
  return geometry();
}

/**
 * A GeoPackage geometry blob (OGC 12-128r18 §2.1.3): "GP", version, flags (bit 0 byte
 * order, bits 1–3 envelope kind, bit 4 empty), srs_id, envelope, then standard WKB.
 */
export function gpkgBlobToGeometry(blob: Uint8Array): WkbGeometry | null {
  if (blob[0] !== 0x47 || blob[1] !== 0x50) throw new RangeError('not a GeoPackage geometry blob');
  const flags = blob[3]!;
  if (flags & 0x10) return null;
  const envelopeBytes = [0, 32, 48, 48, 64][(flags >> 1) & 0x07];
  if (envelopeBytes === undefined) throw new RangeError('bad GeoPackage envelope indicator');
  return wkbToGeometry(blob, 8 + envelopeBytes);
}
