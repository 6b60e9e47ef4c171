import {DATA_MESSAGES} from './data-messages';
import {PACK_MESSAGES} from './pack-messages';
import {TEAM_MESSAGES} from './team-messages';
import type {Bilingual, Lang} from './lang';
import {IMPORT_STATUS_MESSAGES, NOTICE_MESSAGES, REASON_MESSAGES} from './reason-messages';
import {prefixed, word, type Entry, type Vars} from './words';
import {ZONE_MESSAGES} from './zone-messages';

/** UI strings. Keys are English-ish identifiers; every string exists in both languages. */
export const MESSAGES = {
  appTitle: {zh: '青海矿区治理地图', en: 'Qinghai Mining Remediation Map'},
  layers: {zh: '图层', en: 'Layers'},
  language: {zh: '语言', en: 'Language'},
  langLoadFailed: {
    zh: '英文界面文字未能加载（离线且尚未缓存），仍以中文显示；联网后请重新加载页面。',
    en: 'The English words could not be loaded (offline before they were cached); the app stays in Chinese. Reload the page when online.',
  },
  opacity: {zh: '不透明度', en: 'Opacity'},
  zoomToLayer: {zh: '缩放至图层', en: 'Zoom to layer'},
  legend: {zh: '图例', en: 'Legend'},
  featureInfo: {zh: '要素信息', en: 'Feature information'},
  close: {zh: '关闭', en: 'Close'},
  kind: {zh: '类型', en: 'Kind'},
  accuracy: {zh: '精度', en: 'Accuracy'},
  source: {zh: '来源', en: 'Source'},
  note: {zh: '说明', en: 'Note'},
  layer: {zh: '图层', en: 'Layer'},
  officialArea: {zh: '官方面积', en: 'Official area'},
  statedArea: {zh: '报道面积（非官方）', en: 'Stated area (not official)'},
  drawnArea: {zh: '图上轮廓面积', en: 'Area of the drawn outline'},
  areaNote: {zh: '面积说明', en: 'About the areas'},
  cursor: {zh: '光标位置', en: 'Cursor position'},
  clickHint: {zh: '点击地图要素查看信息', en: 'Click a feature on the map for its details'},
  dataLoadFailed: {zh: '图层数据加载失败', en: 'Layer data failed to load'},
  mapFailed: {zh: '地图无法显示', en: 'The map cannot be shown'},
  panelLoading: {zh: '正在加载…', en: 'Loading…'},
  panelLoadFailed: {
    zh: '这部分界面无法显示，请重新加载页面。',
    en: 'This part of the app could not be shown; reload the page to try again.',
  },
  offlineNote: {
    zh: '全部底图、字体与数据随应用提供，离线可用。',
    en: 'Basemap, fonts and data ship with the app: it works offline.',
  },
  approxNote: {
    zh: '虚线/空心符号为示意位置，非测绘成果。',
    en: 'Dashed or hollow symbols are indicative or schematic, not survey results.',
  },
  target: {zh: '目标', en: 'Target'},
  locateMe: {zh: '定位我的位置', en: 'Locate me'},
  tabLayers: {zh: '图层', en: 'Layers'},
  tabPlots: {zh: '地块', en: 'Plots'},
  newPlot: {zh: '新建地块', en: 'New plot'},
  walkBoundary: {zh: '步行采集边界', en: 'Walk boundary'},
  undo: {zh: '撤销', en: 'Undo'},
  redo: {zh: '重做', en: 'Redo'},
  save: {zh: '保存', en: 'Save'},
  cancel: {zh: '取消', en: 'Cancel'},
  delete: {zh: '删除', en: 'Delete'},
  edit: {zh: '编辑信息', en: 'Edit details'},
  editShape: {zh: '编辑边界', en: 'Edit shape'},
  saveShape: {zh: '保存边界', en: 'Save shape'},
  finishShape: {zh: '完成绘制', en: 'Finish shape'},
  drawHint: {
    zh: '在地图上依次点击边界点，点击第一个点（或“完成绘制”）闭合。靠近已有地块或沉陷区边界时自动吸附。',
    en: 'Tap the boundary points on the map; tap the first point (or “Finish shape”) to close. Points snap to nearby plots and zone boundaries.',
  },
  editShapeHint: {
    zh: '拖动顶点移动，拖动边中点插入顶点，选中顶点后按 Delete 删除。',
    en: 'Drag a vertex to move it, drag an edge midpoint to insert one, select a vertex and press Delete to remove it.',
  },
  editShapeHintTouch: {
    zh: '拖动顶点移动，拖动边中点插入顶点；要删除顶点，先拖动或点按它，再点“删除顶点”。',
    en: 'Drag a vertex to move it, drag an edge midpoint to insert one; to remove a vertex, drag or tap it, then tap “Delete vertex”.',
  },
  deleteVertex: {zh: '删除顶点', en: 'Delete vertex'},
  zoomInToDraw: {
    zh: '请先放大到要绘制的地块（或点“定位我的位置”），再新建地块。',
    en: 'Zoom in to where the plot is (or use “Locate me”) before drawing a new plot.',
  },
  liveArea: {zh: '当前面积', en: 'Current area'},
  shapeRefused: {zh: '边界不能保存', en: 'Shape refused'},
  at: {zh: '位置', en: 'at'},
  dismiss: {zh: '知道了', en: 'Dismiss'},
  noDetailedBasemap: {
    zh: '此处没有详细底图——地块仅按其坐标定位',
    en: 'No detailed basemap here — the plot is placed by its coordinates only',
  },
  beyondPackZoom: {zh: '已超出底图包的详细级别（最大 {z} 级）', en: 'Zoomed past the basemap pack’s detail (zoom {z} at most)'},
  plotForm: {zh: '地块信息', en: 'Plot details'},
  name: {zh: '名称', en: 'Name'},
  zone: {zh: '沉陷区', en: 'Zone'},
  zoneOther: {zh: '其他（不在已标注沉陷区内）', en: 'Other (outside the mapped zones)'},
  measure: {zh: '治理措施', en: 'Measure'},
  status: {zh: '状态', en: 'Status'},
  completed: {zh: '完成日期', en: 'Completed'},
  team: {zh: '施工班组', en: 'Team'},
  notes: {zh: '备注', en: 'Notes'},
  photos: {zh: '照片', en: 'Photos'},
  addPhoto: {zh: '拍照或选择照片', en: 'Take or choose photos'},
  photoOpen: {zh: '查看照片 {name}', en: 'View photo {name}'},
  photoFull: {zh: '照片原图', en: 'Photo, full size'},
  photoFullUnavailable: {zh: '原图尚未在本设备上，也无法从团队服务器取得（离线或尚未上传）；显示的是缩略图。', en: 'The full image is not on this device and cannot be fetched from the team server now (offline, or not uploaded yet): showing the thumbnail.'},
  photoDelete: {zh: '删除照片', en: 'Delete photo'},
  photoDeleted: {zh: '照片已删除。', en: 'Photo deleted.'},
  repeatLast: {zh: '沿用上一地块的值', en: 'Repeat last values'},
  required: {zh: '必填', en: 'required'},
  requiredMissing: {zh: '请填写必填项', en: 'Please fill in the required fields'},
  completedRequired: {zh: '已治理或已验收的地块需要完成日期', en: 'A remediated or verified plot needs a completion date'},
  fieldRequired: {zh: '请填写{field}', en: '{field} is required'},
  confirmDiscardShape: {zh: '放弃刚绘制的边界？放弃后无法恢复。', en: 'Discard the shape you just drew? It cannot be brought back.'},
  area: {zh: '面积', en: 'Area'},
  savedOnDevice: {zh: '已保存在本设备', en: 'Saved on this device'},
  saving: {zh: '正在保存…', en: 'Saving…'},
  notSaved: {zh: '未保存', en: 'Not saved'},
  exportUnsaved: {zh: '导出未保存的数据', en: 'Export unsaved work'},
  retrySave: {zh: '重试保存', en: 'Retry saving'},
  unsavedCount: {zh: '条修改未能保存到本设备', en: 'changes could not be saved on this device'},
  persistGranted: {zh: '已获持久存储（浏览器不会自动清除）', en: 'Persistent storage granted (the browser will not evict it)'},
  persistDenied: {zh: '未获持久存储：浏览器在空间不足时可能清除数据，请定期导出', en: 'Persistent storage not granted: the browser may evict data when space runs low; export regularly'},
  persistUnsupported: {zh: '此浏览器不支持持久存储', en: 'This browser cannot guarantee persistent storage'},
  dbUnavailable: {zh: '本设备数据库不可用，修改只保留在内存中', en: 'The on-device database is unavailable: edits are kept in memory only'},
  reloadRequired: {zh: '应用已在其他标签页更新，请刷新本页', en: 'The app was updated in another tab: please reload this page'},
  reload: {zh: '刷新', en: 'Reload'},
  confirmDelete: {zh: '确定删除该地块？删除后可“撤销”恢复。', en: 'Delete this plot? You can undo it afterwards.'},
  noPlots: {zh: '尚无地块。点击“新建地块”在地图上绘制，或“步行采集边界”。', en: 'No plots yet. Use “New plot” to draw one on the map, or “Walk boundary”.'},
  history: {zh: '修改记录', en: 'History'},
  historyBy: {zh: '（{actor}）', en: '({actor})'},
  plotList: {zh: '地块列表', en: 'Plot list'},
  progress: {zh: '治理进度', en: 'Progress'},
  totalUpdating: {zh: '正在按最新保存的图斑重新统计…', en: 'Recounting with the latest saved plots…'},
  remediated: {zh: '已治理', en: 'Remediated'},
  ofTarget: {zh: '占目标', en: 'of target'},
  walkTitle: {zh: '步行采集边界', en: 'Walking the boundary'},
  walkAccuracy: {zh: '当前精度', en: 'Current accuracy'},
  walkVertices: {zh: '已记录边界点', en: 'Boundary points'},
  walkDropped: {zh: '已丢弃（精度差/跳点）', en: 'Dropped (inaccurate / jumps)'},
  walkPause: {zh: '暂停', en: 'Pause'},
  walkResume: {zh: '继续', en: 'Resume'},
  walkUndo: {zh: '撤销上一点', en: 'Undo last point'},
  walkFinish: {zh: '完成并闭合', en: 'Finish and close'},
  walkSpacing: {zh: '点间距（米）', en: 'Spacing (m)'},
  walkGate: {zh: '精度门限（米）', en: 'Accuracy gate (m)'},
  walkLockWarning: {
    zh: '请保持屏幕常亮：手机锁屏后浏览器会停止 GPS 定位，锁屏期间走过的边界不会被记录。',
    en: 'Keep the screen on: when the phone locks, the browser stops GPS and the boundary walked meanwhile is not recorded.',
  },
  wakeLockOn: {zh: '屏幕常亮已开启', en: 'Screen kept awake'},
  wakeLockOff: {zh: '无法保持屏幕常亮', en: 'Cannot keep the screen awake'},
  gpsWaiting: {zh: '等待 GPS 定位…', en: 'Waiting for GPS…'},
  gpsError: {zh: 'GPS 定位失败', en: 'GPS failed'},
  gpsUnavailable: {zh: '此浏览器不提供定位', en: 'this browser offers no geolocation'},
  outdoorTheme: {zh: '户外高对比', en: 'Outdoor contrast'},
  offlineReady: {zh: '已可离线使用', en: 'Ready to work offline'},
  locationUnavailable: {zh: '无法获取位置', en: 'Location not available'},
  dashboard: {zh: '进度看板', en: 'Dashboard'},
  closeDashboard: {zh: '关闭看板', en: 'Close dashboard'},
  present: {zh: '演示', en: 'Present'},
  tabSlides: {zh: '幻灯片', en: 'Slides'},
  filters: {zh: '筛选', en: 'Filters'},
  completedFrom: {zh: '完成日期自', en: 'Completed from'},
  completedTo: {zh: '完成日期至', en: 'Completed to'},
  asOf: {zh: '截至日期', en: 'As of'},
  asOfNow: {zh: '现在', en: 'Now'},
  asOfSlider: {zh: '时间轴（截至日期）', en: 'Timeline (as of)'},
  clearFilters: {zh: '清除筛选', en: 'Clear filters'},
  filtersActive: {zh: '已筛选', en: 'Filtered'},
  plotsShown: {zh: '显示地块', en: 'Plots shown'},
  remediatedArea: {zh: '已治理面积', en: 'Remediated area'},
  claimed: {zh: '已治理（自报）', en: 'Claimed (remediated)'},
  verified: {zh: '已验收', en: 'Verified'},
  remaining: {zh: '剩余', en: 'Remaining'},
  daysLeft: {zh: '距2025年12月31日天数', en: 'Days to 31 Dec 2025'},
  paceLast: {zh: '近6个月进度', en: 'Pace, last 6 months'},
  projectedDate: {zh: '按此进度预计完成', en: 'Projected completion at this pace'},
  neededPace: {zh: '按期完成所需进度', en: 'Pace needed to make the date'},
  perMonth: {zh: '/月', en: '/month'},
  notProjected: {zh: '无法预计', en: 'cannot be projected'},
  onTrack: {zh: '按期可完成', en: 'On track'},
  behind: {zh: '进度落后', en: 'Behind schedule'},
  byZone: {zh: '按沉陷区', en: 'By zone'},
  byStatus: {zh: '按状态', en: 'By status'},
  byMeasure: {zh: '按治理措施', en: 'By measure'},
  byTeam: {zh: '按施工队伍', en: 'By team'},
  byTeamNote: {zh: '各队伍按其自身地块统计；队伍间重叠部分会分别计入。', en: "Each team's own plots; land two teams both cover counts for each."},
  cumulative: {zh: '累计治理面积（按月）', en: 'Cumulative remediated area by month'},
  actual: {zh: '实际累计', en: 'Remediated'},
  trajectory: {zh: '目标直线进度', en: 'Straight line to the target'},
  projection: {zh: '按当前进度预计', en: 'At the current pace'},
  monthlyMu: {zh: '当月完成', en: 'Completed in the month'},
  muUnit: {zh: '亩', en: 'mu'},
  muPerMonthUnit: {zh: '亩/月', en: 'mu/month'},
  plotTable: {zh: '地块表', en: 'Plot table'},
  searchPlots: {zh: '搜索地块', en: 'Search plots'},
  exportTableCsv: {zh: '导出地块表 CSV', en: 'Export table CSV'},
  exportSummaryCsv: {zh: '导出汇总 CSV', en: 'Export summary CSV'},
  flyToPlot: {zh: '定位到地块', en: 'Fly to plot'},
  unknownTeam: {zh: '（未填写）', en: '(not given)'},
  addSlide: {zh: '添加幻灯片', en: 'Add slide'},
  slides: {zh: '幻灯片', en: 'Slides'},
  noSlides: {zh: '还没有幻灯片：调整地图视图与图层后点“添加幻灯片”。', en: 'No slides yet: set up the map view and layers, then press “Add slide”.'},
  captionZh: {zh: '中文说明', en: 'Caption (Chinese)'},
  slideThumbnail: {zh: '幻灯片缩略图', en: 'Slide thumbnail'},
  captionEn: {zh: '英文说明', en: 'Caption (English)'},
  captionFromData: {zh: '按数据生成说明', en: 'Caption from the data'},
  moveUp: {zh: '上移', en: 'Move up'},
  moveDown: {zh: '下移', en: 'Move down'},
  deleteSlide: {zh: '删除幻灯片', en: 'Delete slide'},
  showSlide: {zh: '转到此视图', en: 'Go to this view'},
  exportSlides: {zh: '导出幻灯片 JSON', en: 'Export slides JSON'},
  importSlides: {zh: '导入幻灯片 JSON', en: 'Import slides JSON'},
  slidesImported: {zh: '已导入幻灯片', en: 'Slides imported'},
  slidesNotSaved: {zh: '幻灯片未能保存到本设备', en: 'Slides not saved on this device'},
  next: {zh: '下一张', en: 'Next'},
  previous: {zh: '上一张', en: 'Previous'},
  leavePresentation: {zh: '退出演示', en: 'Leave'},
  fullScreen: {zh: '全屏', en: 'Full screen'},
  slideOf: {zh: '幻灯片', en: 'Slide'},
  presenterKeys: {zh: '→/空格 下一张 · ← 上一张 · F 全屏 · Esc 退出', en: '→/Space next · ← back · F full screen · Esc leave'},
  mapExport: {zh: '导出地图', en: 'Map export'},
  exportPng: {zh: '导出 PNG', en: 'Export PNG'},
  exportPdf: {zh: '导出 PDF', en: 'Export PDF'},
  resolution: {zh: '分辨率', en: 'Resolution'},
  paper: {zh: '纸张', en: 'Paper'},
  exporting: {zh: '正在导出…', en: 'Exporting…'},
  exportFailed: {zh: '导出失败', en: 'Export failed'},
  sheetTitle: {zh: '大通县采煤沉陷区治理进展', en: 'Datong coal-mining subsidence remediation'},
  sheetAsOf: {zh: '数据截至', en: 'Figures as of'},
  sheetMade: {zh: '制图日期', en: 'Map made'},
  sheetSources: {zh: '数据来源', en: 'Data sources'},
  crsNote: {
    zh: '坐标系：WGS 84（EPSG:4326），以 Web 墨卡托投影显示；面积按 CGCS2000 椭球面计算，重叠只计一次。示意要素非测绘成果。',
    en: 'Coordinates: WGS 84 (EPSG:4326), shown in Web Mercator; areas on the CGCS2000 ellipsoid, overlaps counted once. Indicative features are not survey results.',
  },
  // Edits never overwritten silently (issue 9): conflicts, updates, what is stored.
  conflictTitle: {zh: '修改冲突', en: 'Edit conflict'},
  conflictIntro: {
    zh: '打开编辑后，该地块已在其他标签页或设备上被修改。您的修改尚未保存，请选择如何处理。',
    en: 'This plot was changed in another tab or on another device after you opened your edit. Your edit is not saved yet: choose what to keep.',
  },
  conflictDeletedTheirs: {zh: '另一方已删除该地块。', en: 'The other version deleted this plot.'},
  conflictDeletedMine: {zh: '您删除了该地块，另一方修改了它。', en: 'You deleted this plot; the other version changed it.'},
  conflictField: {zh: '字段', en: 'Field'},
  conflictPhotos: {zh: '随您的修改拍摄的 {n} 张照片无论如何选择都会加到该地块。', en: 'The {n} photos taken with your edit are added to the plot whatever you choose.'},
  conflictMine: {zh: '我的修改', en: 'Mine'},
  conflictTheirs: {zh: '另一版本（已保存）', en: 'Theirs (saved)'},
  conflictBoth: {zh: '双方都改了', en: 'changed by both'},
  conflictShape: {zh: '边界形状', en: 'Shape'},
  conflictDeleted: {zh: '（已删除）', en: '(deleted)'},
  keepMine: {zh: '保留我的（覆盖另一版本）', en: 'Keep mine (overwrite theirs)'},
  takeTheirs: {zh: '采用另一版本（放弃我的）', en: 'Take theirs (drop mine)'},
  saveMerge: {zh: '按所选逐项合并并保存', en: 'Save the merge as chosen'},
  conflictOrigin: {zh: '来源', en: 'From'},
  originForm: {zh: '地块表单', en: 'plot form'},
  originShape: {zh: '修改边界', en: 'shape edit'},
  originDelete: {zh: '删除', en: 'delete'},
  originUndo: {zh: '撤销', en: 'undo'},
  originRedo: {zh: '重做', en: 'redo'},
  originImport: {zh: '导入', en: 'import'},
  originRetry: {zh: '重试保存', en: 'retry'},
  notSavedExtra: {zh: '未保存', en: 'not saved'},
  notSavedExtraHint: {zh: '未保存的地块不计入总数', en: 'plots not saved on this device are not counted'},
  dbVanished: {
    zh: '本设备上的数据库已被清除（例如清除了网站数据）。以下 {n} 个地块已不在本设备上，仅保留在本页面中：请导出或重新保存。',
    en: 'The database on this device was cleared (site data deleted?). Plots no longer stored on this device: {n}. They exist only on this page: export them or save them again.',
  },
  dbLost: {zh: '与本设备数据库的连接已断开，正在重新连接…', en: 'The connection to the on-device database was lost; reconnecting…'},
  notStored: {zh: '未存储在本设备', en: 'Not stored on this device'},
  updateReady: {zh: '新版本已就绪', en: 'A new version is ready'},
  updateReload: {zh: '刷新以使用新版本', en: 'Reload'},
  updateWaitEdit: {zh: '请先保存或取消正在进行的编辑，再刷新。', en: 'Save or cancel the open edit first, then reload.'},
  adminTitle: {zh: '团队管理', en: 'Team administration'},
  adminIntro: {zh: '团队服务器上的设备、被隔离的提交和底图包（仅管理员可见）。', en: 'Devices, quarantined pushes and basemap packs on the team server (admins only).'},
  adminRefresh: {zh: '刷新', en: 'Refresh'},
  adminLoading: {zh: '正在读取团队服务器…', en: 'Reading the team server…'},
  adminDevices: {zh: '设备', en: 'Devices'},
  adminDeviceUser: {zh: '用户', en: 'User'},
  adminDeviceName: {zh: '设备名', en: 'Device'},
  adminDeviceSince: {zh: '登录于', en: 'Signed in'},
  adminDeviceState: {zh: '状态', en: 'State'},
  adminDeviceActive: {zh: '可用', en: 'Active'},
  adminDeviceRevoked: {zh: '已吊销', en: 'Revoked'},
  adminRevoke: {zh: '吊销', en: 'Revoke'},
  adminRevokeConfirm: {
    zh: '吊销“{user}”的设备“{device}”？该设备之后的每次请求都会被拒绝（其未发送的修改留在设备上，可导出）。',
    en: 'Revoke {user}’s device “{device}”? Every later request from it is refused (its unsent edits stay on it for export).',
  },
  adminRevokeYes: {zh: '确认吊销', en: 'Yes, revoke'},
  adminCancel: {zh: '取消', en: 'Cancel'},
  adminQuarantine: {zh: '被隔离的提交：{n} 条', en: 'Quarantined pushes: {n}'},
  adminQuarantineHint: {zh: '已吊销设备发来的修改，未应用、未丢弃，留待审查。', en: 'Edits sent by revoked devices: never applied, never dropped, kept for review.'},
  adminQuarantineRow: {zh: '{time} · 设备 {device} · 地块 {plot}', en: '{time} · device {device} · plot {plot}'},
  adminPacks: {zh: '团队底图包', en: 'Team basemap packs'},
  adminNoPacks: {zh: '服务器上还没有底图包。', en: 'No basemap packs on the server yet.'},
  adminUpload: {zh: '上传底图包', en: 'Upload a basemap pack'},
  adminUploadFile: {zh: '文件（.pmtiles / .mbtiles）', en: 'File (.pmtiles / .mbtiles)'},
  adminUploadName: {zh: '名称（可选）', en: 'Name (optional)'},
  adminUploadSource: {zh: '来源（可选）', en: 'Source (optional)'},
  adminUploading: {zh: '正在上传 {file}：{sent} / {total}', en: 'Uploading {file}: {sent} of {total}'},
  adminUploaded: {zh: '已上传 {file}，设备现在可以下载。', en: 'Uploaded {file}; devices can download it now.'},
  adminUploadRefused: {zh: '服务器拒绝了 {file}：{reason}', en: 'The server refused {file}: {reason}'},
  adminUploadTooLarge: {zh: '服务器拒绝了 {file}：超过上限 {max}。', en: 'The server refused {file}: larger than its limit of {max}.'},
  adminFailOffline: {zh: '无法连接团队服务器。', en: 'The team server cannot be reached.'},
  adminFailSignedOut: {zh: '登录已失效，请重新登录。', en: 'The sign-in has expired; sign in again.'},
  adminFailRevoked: {zh: '本设备已被吊销。', en: 'This device has been revoked.'},
  adminFailForbidden: {zh: '只有管理员可以这样做。', en: 'Only an admin may do this.'},
  adminFailRefused: {zh: '团队服务器拒绝了请求（HTTP {status}）。', en: 'The team server refused the request (HTTP {status}).'},
  sharedConflictsTitle: {zh: '与团队服务器的冲突', en: 'Conflicts with the team server'},
  sharedConflictZone: {
    zh: '区域“{id}”：本设备的版本与团队服务器上 {by} 的版本不同，两份都已保留。',
    en: 'Zone “{id}”: this device’s copy differs from the one {by} saved on the team server; both are kept.',
  },
  sharedConflictSlide: {
    zh: '幻灯片“{caption}”：本设备的版本与团队服务器上 {by} 的版本不同，两份都已保留。',
    en: 'Slide “{caption}”: this device’s copy differs from the one {by} saved on the team server; both are kept.',
  },
  sharedConflictGone: {zh: '（服务器上已删除）', en: '(deleted on the server)'},
  sharedKeepMine: {zh: '保留本设备的', en: 'Keep this device’s'},
  sharedTakeTheirs: {zh: '采用服务器的', en: 'Use the server’s'},
} as const satisfies Record<string, Bilingual>;

/**
 * The one dictionary: the general words above, and by area the import/export panel
 * (`data.*`), zones (`zone.*`) and what src/geo reports as codes (`reason.*`, `notice.*`,
 * `import.*`, i18n/reason-messages.ts).
 */
const DICTIONARY = {
  ...MESSAGES,
  ...prefixed('data', DATA_MESSAGES),
  ...prefixed('zone', ZONE_MESSAGES),
  ...prefixed('pack', PACK_MESSAGES),
  ...prefixed('team', TEAM_MESSAGES),
  ...REASON_MESSAGES,
  ...NOTICE_MESSAGES,
  ...IMPORT_STATUS_MESSAGES,
} as const satisfies Record<string, Entry>;

export type MessageKey = keyof typeof DICTIONARY;
export type Dictionary = typeof DICTIONARY;

/** For messages-en.ts, the English words' own chunk. */
export {DICTIONARY};

/*
 * Each language's words, once loaded. The built app carries only the Chinese words of these
 * tables in its first JavaScript and fetches the English ones when English is first needed
 * (issue 11: initial JS; dictionary-split.ts cuts the other language out of each chunk). In
 * node and in tests the dictionary has both languages, so both are at hand from the start.
 */
const loaded: Partial<Record<Lang, Dictionary>> = {zh: DICTIONARY, en: 'en' in DICTIONARY.appTitle ? DICTIONARY : undefined};

/** Whether `lang`'s words are loaded, so that `t` can be called in it. */
export function hasWords(lang: Lang): boolean {
  return loaded[lang] !== undefined;
}

/**
 * Loads `lang`'s words (a chunk of the app, precached with it; fetched in the background after
 * the first map idle too, so a switch with no network later in the same visit has them).
 */
export async function loadWords(lang: Lang): Promise<void> {
  if (loaded[lang]) return;
  loaded[lang] = (await import('./messages-en')).DICTIONARY;
}

/**
 * The words for `key` in `lang`, with `{name}` slots filled from `vars` (see i18n/words.ts).
 * `lang`'s words must be loaded (`loadWords`; the store switches only once they are).
 */
export function t(key: MessageKey, lang: Lang, vars?: Vars): string {
  const words = loaded[lang];
  if (!words) throw new Error(`t('${key}'): the ${lang} words are not loaded`);
  return word(words[key], lang, vars);
}

/** Whether `key` names an entry: for codes that come from data (a stored reason, a file's notice). */
export function hasMessage(key: string): key is MessageKey {
  return Object.hasOwn(DICTIONARY, key);
}
