import type {Bilingual, Lang} from '../../i18n/lang';

/** Words of the import/export panel (kept beside it; the rest of the UI is in i18n/messages.ts). */
const M = {
  title: {zh: '数据导入与导出', en: 'Import and export'},
  importFile: {zh: '导入文件', en: 'Import file'},
  importFormats: {
    zh: '支持 GeoJSON、KML/KMZ、GPX、Shapefile（zip）、CSV、GeoPackage；Gauss-Krüger 坐标按 .prj 转换。',
    en: 'GeoJSON, KML/KMZ, GPX, zipped shapefile, CSV and GeoPackage; Gauss-Krüger coordinates follow the .prj.',
  },
  sourceShift: {zh: '坐标来源', en: 'Source coordinates'},
  shiftNone: {zh: 'GPS / 天地图 / 测绘成果（WGS84、CGCS2000，不偏移）', en: 'GPS / Tianditu / survey (WGS84, CGCS2000: no shift)'},
  shiftGcj: {zh: '高德 / 腾讯地图（GCJ-02）', en: 'Gaode / Tencent map (GCJ-02)'},
  shiftBd: {zh: '百度地图（BD-09）', en: 'Baidu map (BD-09)'},
  reading: {zh: '正在读取…', en: 'Reading…'},
  chooseCrs: {zh: '请选择坐标系', en: 'Choose the coordinate system'},
  chooseEncoding: {zh: '请选择文字编码', en: 'Choose the text encoding'},
  continue: {zh: '继续', en: 'Continue'},
  report: {zh: '导入报告', en: 'Import report'},
  read: {zh: '读取要素', en: 'Features read'},
  importable: {zh: '可导入地块', en: 'Plots to import'},
  rejected: {zh: '拒收', en: 'Rejected'},
  repairable: {zh: '可修复（需确认）', en: 'Repairable (with your consent)'},
  waypoints: {zh: '航点（非地块，不导入）', en: 'Waypoints (not plots, not imported)'},
  repairConsent: {zh: '修复后导入', en: 'Repair and import'},
  repairCloseRing: {zh: '闭合环', en: 'close the ring'},
  repairDuplicateVertices: {zh: '删除重复顶点', en: 'remove repeated vertices'},
  repairNestHoles: {zh: '整理内环', en: 'nest the holes'},
  repairNewId: {zh: '以新编号导入', en: 'import under a new id'},
  swapOffer: {zh: '文件中所有坐标的经度和纬度似乎写反了：交换后全部落在青海省内。', en: 'Every coordinate in this file looks like [latitude, longitude]: swapped, all of them lie in Qinghai.'},
  swapButton: {zh: '交换经纬度后重新读取', en: 'Swap longitude and latitude and read again'},
  encodingPreviews: {zh: '各编码下的名称预览', en: 'Names under each encoding'},
  importN: {zh: '导入 {n} 个地块', en: 'Import {n} plots'},
  importOne: {zh: '导入 1 个地块', en: 'Import 1 plot'},
  discard: {zh: '放弃', en: 'Discard'},
  imported: {zh: '已导入并保存在本设备', en: 'imported and saved on this device'},
  importFailed: {zh: '未能导入', en: 'not imported'},
  existing: {zh: '已存在同 ID 地块，未覆盖', en: 'a plot with this id already exists; not overwritten'},
  unreadable: {zh: '文件无法读取', en: 'The file cannot be read'},
  previewNote: {zh: '蓝色虚线为待导入地块预览，确认前不会保存。', en: 'Blue dashed outlines preview the plots; nothing is saved until you confirm.'},
  exportTitle: {zh: '导出', en: 'Export'},
  exportScope: {zh: '导出当前显示（筛选后）的地块', en: 'Exports the plots shown (after filters)'},
  exportGeoJson: {zh: '导出 GeoJSON', en: 'Export GeoJSON'},
  exportKml: {zh: '导出 KML', en: 'Export KML'},
  exportCsv: {zh: '导出 CSV（Excel）', en: 'Export CSV (Excel)'},
  exportShp: {zh: '导出 Shapefile', en: 'Export shapefile'},
  shpCrs: {zh: 'Shapefile 坐标系', en: 'Shapefile coordinate system'},
  truncated: {zh: '个字段值超过 254 字节被截断', en: 'field values over 254 bytes were cut'},
  backup: {zh: '完整备份（地块、记录、照片）', en: 'Full backup (plots, history, photos)'},
  restore: {zh: '从备份恢复', en: 'Restore from backup'},
  restored: {zh: '已从备份恢复', en: 'Restored from backup'},
  restoreFailed: {zh: '恢复失败，本设备数据未改动', en: 'Restore failed; nothing on this device was changed'},
  nothingToExport: {zh: '没有可导出的地块', en: 'No plots to export'},
} as const satisfies Record<string, Bilingual>;

export type DataMessageKey = keyof typeof M;

export function dt(key: DataMessageKey, lang: Lang, vars: Record<string, string | number> = {}): string {
  return M[key][lang].replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));
}
