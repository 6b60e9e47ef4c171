import type {Bilingual} from './lang';

/**
 * Words for the zones and undated-claims parts of the UI (official zone boundaries, by-zone
 * rows, zone checks, the "no completion date" bucket), as `zone.*` in the one dictionary
 * (i18n/messages.ts). `{name}` fills in.
 */
export const ZONE_MESSAGES = {
  zonesTitle: {zh: '沉陷区边界', en: 'Subsidence zone boundaries'},
  zonesIndicativeNow: {
    zh: '当前使用本项目绘制的示意范围（非正式边界）：分区统计、分区建议与吸附都按示意范围。',
    en: 'Now using the indicative outlines drawn by this project (not official boundaries): by-zone figures, zone suggestion and snapping follow them.',
  },
  zonesOfficialNow: {
    zh: '当前使用正式边界：{file}（{date} 载入，{n} 个区），仅保存在本设备。',
    en: 'Now using official boundaries: {file} (loaded {date}, {n} zones), kept on this device only.',
  },
  zonesLoad: {zh: '载入正式沉陷区边界文件', en: 'Load official zone boundaries'},
  zonesFormats: {
    zh: '与地块导入相同的格式与检查（GeoJSON、KML/KMZ、GPX、Shapefile、CSV、GeoPackage）；载入后替换地图、图例、分区建议、吸附、看板与导出中的示意范围。',
    en: 'Same formats and checks as plot import (GeoJSON, KML/KMZ, GPX, shapefile, CSV, GeoPackage); once loaded they replace the indicative outlines on the map, legend, zone suggestion, snapping, dashboard and exports.',
  },
  zonesReport: {zh: '边界文件报告', en: 'Zone file report'},
  zonesUsable: {zh: '可用的区', en: 'Usable zones'},
  zonesUse: {zh: '使用这 {n} 个正式沉陷区', en: 'Use these {n} official zones'},
  zonesNone: {zh: '文件中没有可用的区（多边形）', en: 'The file holds no usable zone polygons'},
  zonesRevert: {zh: '恢复为示意范围', en: 'Revert to the indicative outlines'},
  zonesSaved: {zh: '正式边界已保存在本设备并已启用', en: 'Official boundaries saved on this device and in use'},
  zonesReverted: {zh: '已恢复为示意范围', en: 'Back to the indicative outlines'},
  zonesNotSaved: {zh: '未能保存在本设备，仍使用原来的边界', en: 'Could not be saved on this device; the previous zones stay in use'},

  byZoneIndicative: {zh: '按沉陷区（示意范围，非正式边界）', en: 'By zone (indicative outlines, not official boundaries)'},
  byZoneOfficial: {zh: '按沉陷区（正式边界：{file}，{date}）', en: 'By zone (official boundaries: {file}, {date})'},
  outsideZones: {zh: '所有沉陷区之外', en: 'Outside every zone'},
  byMonth: {zh: '按完成月份', en: 'By completion month'},
  undatedBucket: {zh: '无完成日期', en: 'No completion date'},
  undatedNote: {
    zh: '{n} 个已治理/已验收地块没有完成日期（{area}）：计入总面积，列在“无完成日期”，不在累计曲线的任何月份上。',
    en: '{n} remediated/verified plot(s) have no completion date ({area}): counted in the total under “no completion date”, on no month of the cumulative line.',
  },
  asOfLeftOut: {
    zh: '截至 {date} 的总面积只计入当日前完成的地块；未计入 {n} 个无完成日期的已治理地块（{area}）。',
    en: 'The total as of {date} counts only plots completed by then; {n} remediated plot(s) with no completion date ({area}) are left out.',
  },
  lies: {zh: '所在区（按位置）', en: 'Lies in (by location)'},
  zoneMismatch: {zh: '分区属性“{attr}”与位置不符：地块主要位于{zone}', en: 'Zone attribute “{attr}” does not match the location: the plot lies mostly in {zone}'},
  zoneUnrecognised: {zh: '分区属性“{attr}”不是已知沉陷区；地块主要位于{zone}', en: 'Zone attribute “{attr}” names no known zone; the plot lies mostly in {zone}'},
  zoneAbsent: {zh: '无分区属性；地块主要位于{zone}', en: 'No zone attribute; the plot lies mostly in {zone}'},
  undatedForm: {
    zh: '此地块标为已治理/已验收但没有完成日期：计入总面积（“无完成日期”），但不计入任何月份和按截至日期的统计。请填写完成日期。',
    en: 'This plot is claimed remediated/verified but has no completion date: it counts in the total (under “no completion date”) but on no month and in no as-of total. Please enter the completion date.',
  },
} as const satisfies Record<string, Bilingual>;
