import type {NoticeCode} from '../geo/import/staged-import';
import type {ShapeProblemCode} from '../geo/plot-shape';
import type {Entry, Vars} from './words';

/*
 * Words for what src/geo reports as codes with parameters (terra-draw's validation-reasons.ts
 * pattern): why a plot or a drawn shape is refused (`reason.*`), what an import noticed about
 * a file (`notice.*`) and why it stops to ask (`import.*`). Keyed by the codes themselves, so
 * the type checker insists every code has words.
 */

type Pair = {zh: string; en: string};

/** Where a coordinate sits (geo/import/import-reasons.ts PartLabel, and validate.ts's ring parameters). */
function partLabel(v: Vars): Pair {
  if (typeof v.element === 'string') return {zh: v.element, en: `the ${v.element}`};
  switch (v.gpx) {
    case 'segment': return {zh: `第 ${v.segment} 段轨迹`, en: `track segment ${v.segment}`};
    case 'track': return {zh: '轨迹', en: 'the track'};
    case 'route': return {zh: '路线', en: 'the route'};
    case 'waypoint': return {zh: '航点', en: 'the waypoint'};
  }
  const ring = Number(v.ring ?? 0);
  const zhRing = ring === 0 ? '外环' : `第 ${ring} 个内环`;
  const enRing = ring === 0 ? 'the outer ring' : `hole ${ring}`;
  if (v.row !== undefined) return {zh: `${zhRing}（第 ${v.row} 行）`, en: `${enRing} (row ${v.row})`};
  return v.part === undefined ? {zh: zhRing, en: enRing} : {zh: `第 ${v.part} 部分的${zhRing}`, en: `${enRing} of part ${v.part}`};
}

/** An entry whose two languages are worded together from one pair. */
const both = (f: (v: Vars) => Pair): Entry => ({zh: (v) => f(v).zh, en: (v) => f(v).en});

function geometryProblem(v: Vars): Pair {
  switch (v.detail) {
    case 'no-coordinates': {
      const label = partLabel(v);
      return {zh: `${label.zh}没有 <coordinates>`, en: `${label.en} has no <coordinates>`};
    }
    case 'no-outer-ring': return {zh: '多边形没有外环（outerBoundaryIs）', en: 'a Polygon has no outer ring (outerBoundaryIs)'};
    case 'wkt-empty': return {zh: 'WKT 单元格为空', en: 'the WKT cell is empty'};
    default: return {zh: `WKT“${v.wkt}”无法解析`, en: `the WKT "${v.wkt}" cannot be parsed`};
  }
}

function recordProblem(v: Vars): Pair {
  switch (v.detail) {
    case 'content-too-short': return {zh: `记录内容只有 ${v.contentBytes} 字节，不足以容纳多边形头部`, en: `its content is ${v.contentBytes} bytes, too short for a polygon header`};
    case 'counts-too-large': return {
      zh: `头部声明 ${v.numParts} 个部分、${v.numPoints} 个点，需要 ${v.needed} 字节，但记录只有 ${v.contentBytes} 字节`,
      en: `its header declares ${v.numParts} part(s) and ${v.numPoints} point(s), which need ${v.needed} bytes, but the record holds ${v.contentBytes}`,
    };
    default: return {zh: `第 ${v.part} 个部分的起点序号 ${v.index} 不在 0–${v.lastPoint} 之内或顺序错乱`, en: `part ${v.part} starts at point ${v.index}, outside 0–${v.lastPoint} or out of order`};
  }
}

const CRS_MISFIT: Record<string, Pair> = {
  'look-like-degrees': {zh: '看起来是经纬度（度）', en: 'they look like longitude/latitude in degrees'},
  'look-like-metres': {zh: '看起来是投影坐标（米）', en: 'they look like projected coordinates in metres'},
  'no-position': {zh: '换算不出地球上的位置', en: 'they convert to no position on Earth'},
};

/** Why a plot (validate.ts, import-reasons.ts) or a drawn shape (plot-shape.ts) is refused or flagged. */
export const REASON_MESSAGES = {
  'reason.not-polygon': both((v) => (v.type === undefined
    ? {zh: '要素没有几何图形', en: 'the feature has no geometry'}
    : {zh: `几何类型为 ${v.type}，地块应为 Polygon 或 MultiPolygon`, en: `geometry is a ${v.type}; a plot must be a Polygon or MultiPolygon`})),
  'reason.bad-position': both((v) => {
    const label = partLabel(v);
    return {zh: `${label.zh}第 ${v.position} 个坐标 ${v.text} 不是两个有限数值`, en: `position ${v.position} of ${label.en}, ${v.text}, is not two finite numbers`};
  }),
  'reason.out-of-range': {
    zh: '坐标 [{lon}, {lat}] 超出经度 ±180°、纬度 ±90° 的范围',
    en: 'position [{lon}, {lat}] is outside longitude ±180°, latitude ±90°',
  },
  'reason.outside-project-area': both((v) => (v.hint === 'swap-lon-lat'
    ? {zh: `坐标 [${v.lon}, ${v.lat}] 不在青海省范围内；经纬度可能写反了（应为 [经度, 纬度]）`, en: `position [${v.lon}, ${v.lat}] is outside Qinghai; longitude and latitude look swapped (GeoJSON is [lon, lat])`}
    : {zh: `坐标 [${v.lon}, ${v.lat}] 不在青海省范围内（约东经 89–104°、北纬 31–40°）`, en: `position [${v.lon}, ${v.lat}] is outside Qinghai (about 89–104°E, 31–40°N)`})),
  'reason.ring-not-closed': both((v) => {
    const label = partLabel(v);
    return {zh: `${label.zh}未闭合：首尾坐标不同`, en: `${label.en} is not closed: first and last positions differ`};
  }),
  'reason.ring-too-short': both((v) => {
    const label = partLabel(v);
    return {zh: `${label.zh}只有 ${v.count} 个坐标，至少需要 4 个`, en: `${label.en} has ${v.count} positions, at least 4 are needed`};
  }),
  'reason.self-intersection': {zh: '边界自相交（如“8”字形），位置 [{lon}, {lat}]', en: 'the outline crosses itself (a bow-tie) at [{lon}, {lat}]'},
  'reason.hole-outside-shell': {zh: '第 {hole} 个内环（洞）超出外环', en: 'hole {hole} lies outside its outer ring'},
  'reason.zero-area': {zh: '面积为零：所有顶点共线或重合', en: 'the area is zero: all vertices are collinear or coincide'},
  'reason.duplicate-vertices': both((v) => {
    const label = partLabel(v);
    return {zh: `${label.zh}有连续重复的顶点（可自动修复）`, en: `${label.en} repeats a vertex (repairable)`};
  }),
  'reason.unknown-status': {zh: '状态“{status}”无效，应为 {allowed}', en: 'status "{status}" is not one of {allowed}'},
  'reason.unknown-measure': {zh: '治理措施“{measure}”不在措施清单中', en: 'measure "{measure}" is not in the measure list'},
  'reason.bad-date': {zh: '完成日期“{date}”不是 YYYY-MM-DD 格式的日期', en: 'completion date "{date}" is not a YYYY-MM-DD date'},
  'reason.no-completion-date': {
    zh: '标为已治理/已验收但没有完成日期：计入总面积（“无完成日期”一栏），但不计入任何月份和按截至日期的统计',
    en: 'claimed remediated/verified with no completion date: counted in the total (under “no completion date”) but on no month and in no as-of total',
  },
  'reason.empty-geometry': both((v) => (v.empty === 'no-parts'
    ? {zh: '几何图形为空（MultiPolygon 没有任何部分）', en: 'the geometry is empty (a MultiPolygon with no parts)'}
    : v.empty === 'no-rings'
      ? {zh: '几何图形为空（Polygon 没有任何环）', en: 'the geometry is empty (a Polygon with no rings)'}
      : {zh: `第 ${v.part} 部分为空（没有任何环）`, en: `part ${v.part} is empty (it has no rings)`})),
  'reason.malformed-coordinates': both((v) => (v.type === 'Polygon'
    ? {zh: 'Polygon 的坐标不是“环的列表，每个环是坐标对的列表”', en: 'the Polygon\'s coordinates are not a list of rings, each a list of positions'}
    : {zh: 'MultiPolygon 的坐标不是“部分的列表，每部分是环的列表”', en: 'the MultiPolygon\'s coordinates are not a list of parts, each a list of rings of positions'})),
  'reason.unreadable-coordinate': both((v) => {
    const label = partLabel(v);
    return {
      zh: `${label.zh}第 ${v.position} 个坐标“${v.text}”不是数字，无法读取（未丢弃，也未截取）`,
      en: `position ${v.position} of ${label.en}, "${v.text}", is not a number; it was neither dropped nor half-read`,
    };
  }),
  'reason.unreadable-geometry': both((v) => {
    const d = geometryProblem(v);
    return {zh: `几何图形无法读取：${d.zh}`, en: `the geometry cannot be read: ${d.en}`};
  }),
  'reason.crs-mismatch': both((v) => {
    const w = CRS_MISFIT[String(v.why)] ?? CRS_MISFIT['no-position']!;
    return {zh: `数值 ${v.numbers} 不符合坐标系 ${v.crs}：${w.zh}`, en: `the numbers ${v.numbers} do not fit the coordinate system ${v.crs}: ${w.en}`};
  }),
  'reason.duplicate-id': both((v) => {
    const first = String(v.firstWhere);
    return {
      zh: `编号“${v.id}”重复，${first.replace(/^feature /, '第 ')}${/^feature /.test(first) ? ' 个要素' : ''}也用了此编号；可在确认后以新编号导入`,
      en: `duplicate id "${v.id}", also at ${first}; it can be imported under a new id with your consent`,
    };
  }),
  'reason.corrupt-record': both((v) => {
    const d = recordProblem(v);
    return {zh: `第 ${v.record} 条记录已损坏：${d.zh}`, en: `record ${v.record} is corrupt: ${d.en}`};
  }),
  'reason.too-small': {zh: '地块面积过小（{areaMu} 亩），最小 {minimumMu} 亩', en: 'The plot is too small ({areaMu} mu); the minimum is {minimumMu} mu'},
  'reason.too-few-vertices': {zh: '至少需要 {minimum} 个边界点才能闭合地块', en: 'At least {minimum} boundary points are needed to close a plot'},
} as const satisfies Record<`reason.${ShapeProblemCode}`, Entry>;

const list = (v: Vars, key: string, separator: string): string => {
  const x = v[key];
  return Array.isArray(x) ? x.join(separator) : String(x ?? '');
};

/** What an import noticed about a file or one feature (geo/import/staged-import.ts ImportNotice). */
export const NOTICE_MESSAGES = {
  'notice.duplicate-key': {zh: '键 {pointer} 重复出现，只保留了最后一个值', en: 'key {pointer} appears twice; the last value was kept'},
  'notice.big-integer': {zh: '{pointer} 的整数超出 2^53，按原文保留为文字', en: 'the integer at {pointer} exceeds 2^53 and is kept as text, digit for digit'},
  'notice.network-link-ignored': {zh: '文件含 {n} 个网络链接（NetworkLink），未读取其内容，也未联网', en: '{n} NetworkLink(s) were not followed; nothing was fetched'},
  'notice.crs-assumed': {zh: '文件未说明坐标系，按经纬度（WGS84/CGCS2000）读取', en: 'no coordinate system given; read as longitude/latitude (WGS84/CGCS2000)'},
  'notice.crs-from-file': both((v) => (v.source === undefined
    ? {zh: `坐标系：${v.crs}（用户指定）`, en: `coordinate system: ${v.crs} (chosen by the user)`}
    : {zh: `坐标系：${v.crs}（来自 ${v.source}）`, en: `coordinate system: ${v.crs} (from ${v.source})`})),
  'notice.shift-applied': both((v) => (v.shift === 'gcj02'
    ? {zh: '已将 GCJ-02（高德/腾讯）坐标转换为 WGS84', en: 'GCJ-02 (Gaode/Tencent) coordinates converted to WGS84'}
    : {zh: '已将 BD-09（百度）坐标转换为 WGS84', en: 'BD-09 (Baidu) coordinates converted to WGS84'})),
  'notice.encoding-guessed': both((v) => (v.file === 'dbf'
    ? {zh: `属性表未声明编码，按 ${v.encoding} 读取`, en: `the .dbf declares no encoding; read as ${v.encoding}`}
    : {zh: `文件未声明编码，按 ${v.encoding} 读取`, en: `no encoding declared; read as ${v.encoding}`})),
  'notice.unmapped-fields': {
    zh: (v) => `未对应到地块字段的属性：${list(v, 'fields', '、')}（作为附加属性随地块保存，并随导出和备份保留）`,
    en: (v) => `attributes with no plot field: ${list(v, 'fields', ', ')} (stored with each plot as extra attributes, kept in exports and backups)`,
  },
  'notice.points-not-plots': {zh: '{n} 个点（如航点）不是地块，仅供参考', en: '{n} point(s) (e.g. waypoints) are not plots and are listed apart'},
  'notice.axis-order-swapped': {zh: 'X 列为东坐标、Y 列为北坐标（GIS 习惯），已按数值识别', en: 'the X column holds eastings and Y northings (GIS order); recognised from the values'},
  'notice.date-normalised': {zh: '完成日期“{text}”按 {date} 读取', en: 'completion date "{text}" read as {date}'},
  'notice.status-defaulted': {zh: '缺少状态，按“计划”导入', en: 'no status; imported as planned'},
  'notice.id-generated': {zh: '缺少编号，已生成新的 UUID', en: 'no id; a new UUID was generated'},
  'notice.deleted-records': {zh: '{n} 条记录在属性表中标记为已删除，未导入', en: '{n} record(s) marked deleted in the .dbf were skipped'},
  'notice.lon-lat-swap-suggested': {
    zh: '全部 {n} 个要素的经纬度似乎写反了（[纬度, 经度]），交换后都在青海省内；可选择“交换经纬度后重新读取”',
    en: 'all {n} features look like [lat, lon]: swapped, they lie in Qinghai; you can re-read the file with longitude and latitude swapped',
  },
  'notice.lon-lat-swapped': {zh: '已按用户选择交换每个坐标的经度和纬度', en: 'longitude and latitude were swapped in every position, as chosen'},
  'notice.duplicate-ids': {
    zh: '{n} 个要素的编号与文件中前面的要素重复，暂不导入；勾选“以新编号导入”即可保留',
    en: '{n} feature(s) reuse an id used earlier in the file and are held back; tick "import under a new id" to keep them',
  },
  'notice.undated-claims': {
    zh: '{n} 个地块标为已治理/已验收但没有完成日期（{names}）：计入总面积的“无完成日期”一栏，不计入按截至日期的统计',
    en: '{n} plot(s) claimed remediated/verified have no completion date ({names}): counted in the total under “no completion date”, left out of as-of totals',
  },
} as const satisfies Record<`notice.${NoticeCode}`, Entry>;

/** Why an import stops before its report: the file cannot be read, or it needs a coordinate system or an encoding. */
export const IMPORT_STATUS_MESSAGES = {
  'import.unreadable': {zh: '无法读取 {file}：{cause}', en: '{file} cannot be read: {cause}'},
  'import.needs-crs.datum-shift-needed': {
    zh: '文件使用 {crs}（{source}），转换到 CGCS2000 需要本地七参数，本程序不做此转换。可在 GIS 中先转换，或选择同带号的 CGCS2000 坐标系近似读取（误差可达百米）',
    en: 'the file is in {crs} ({source}); converting to CGCS2000 needs local datum-shift parameters this app does not have. Convert it in a GIS first, or accept reading it as the CGCS2000 system of the same zone (errors up to about 100 m)',
  },
  'import.needs-crs.unknown-crs': {zh: '无法识别文件的坐标系“{name}”（{source}），请选择', en: 'the coordinate system "{name}" ({source}) is not one this app knows; choose one'},
  'import.needs-crs.no-crs': {
    zh: '坐标是投影坐标（米），但文件没有说明坐标系（如缺少 .prj），请选择；候选项由东坐标的带号推得',
    en: 'the coordinates are projected (metres) but the file does not name its system (no .prj?); choose one — the candidates follow from the eastings\' zone prefix',
  },
  'import.needs-encoding.invalid': {zh: '文件不是有效的 {declared} 编码文本，请选择正确的编码', en: 'the file is not valid {declared} text; choose its encoding'},
  'import.needs-encoding.mixed': {
    zh: '文件混用了 UTF-8 和另一种编码（如 GBK），任何一种读法都会有乱码；请对照各编码下的名称预览选择，或先修正文件',
    en: 'the file mixes UTF-8 with another encoding (such as GBK), so any one reading garbles some text; compare the names under each encoding, or fix the file first',
  },
  'import.needs-encoding.utf-16': {zh: '文件看起来是没有字节顺序标记的 UTF-16 文本，请从预览中选择', en: 'the file looks like UTF-16 text without a byte-order mark; choose from the previews'},
  'import.needs-encoding.uncertain': {
    zh: '无法确定文件的文字编码（含无效字节或生僻字），请对照名称预览选择',
    en: 'the text encoding cannot be told for sure (invalid bytes or rare characters); compare the names under each encoding and choose',
  },
} as const satisfies Record<string, Entry>;
