// Load an echarts map module (UMD .js that calls echarts.registerMap) and decode
// its compressed geometry ("UTF8Encoding") into plain GeoJSON (still GCJ-02).
import fs from 'node:fs';
import vm from 'node:vm';

/** Run the UMD module with a stub `echarts` and capture registerMap(name, geoJson). */
export function loadEchartsMap(file) {
  const src = fs.readFileSync(file, 'utf8');
  let captured = null;
  const echartsStub = { registerMap: (name, geo) => { captured = { name, geo }; } };
  const sandbox = {
    exports: {},
    require: (m) => { if (m === 'echarts') return echartsStub; throw new Error(`unexpected require ${m}`); },
    console,
  };
  vm.runInNewContext(src, sandbox, { filename: file });
  if (!captured) throw new Error(`no registerMap call in ${file}`);
  return captured;
}

/**
 * echarts' coordinate compression: two chars per [lon, lat] pair; each char code
 * minus 64, zig-zag decoded ((v >> 1) ^ -(v & 1)), accumulated from encodeOffsets,
 * divided by 1024.
 */
export function decodeRing(encoded, offset) {
  let prevX = offset[0];
  let prevY = offset[1];
  const out = [];
  for (let i = 0; i < encoded.length; i += 2) {
    let x = encoded.charCodeAt(i) - 64;
    let y = encoded.charCodeAt(i + 1) - 64;
    x = (x >> 1) ^ -(x & 1);
    y = (y >> 1) ^ -(y & 1);
    x += prevX;
    y += prevY;
    prevX = x;
    prevY = y;
    out.push([x / 1024, y / 1024]);
  }
  return out;
}

/** Decode a registered echarts map object into a GeoJSON FeatureCollection. */
export function decodeEchartsGeo(geo) {
  if (!geo.UTF8Encoding) return geo; // already plain
  const features = geo.features.map((f) => {
    const g = f.geometry;
    const offs = g.encodeOffsets;
    let coordinates;
    if (g.type === 'Polygon') {
      coordinates = g.coordinates.map((ring, r) => decodeRing(ring, offs[r]));
    } else if (g.type === 'MultiPolygon') {
      coordinates = g.coordinates.map((poly, p) => poly.map((ring, r) => decodeRing(ring, offs[p][r])));
    } else {
      throw new Error(`unsupported geometry ${g.type}`);
    }
    return { type: 'Feature', id: f.id, properties: { ...f.properties }, geometry: { type: g.type, coordinates } };
  });
  return { type: 'FeatureCollection', features };
}
