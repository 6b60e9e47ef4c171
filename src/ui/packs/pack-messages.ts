import type {PackProblem} from '../../geo/packs/inspect-pack';
import type {PackKind} from '../../geo/packs/pack-types';
import {localeOf, type Bilingual, type Lang} from '../../i18n/lang';
import {word} from '../../i18n/words';
import type {PackStorageFailure} from '../../state/pack-storage';
import type {DownloadFailure} from '../../state/packs-download';

/** Words of the basemap-pack section (kept beside it, worded by the one mechanism of i18n/words.ts; the rest of the UI is in i18n/messages.ts). */
const M = {
  title: {zh: '离线底图包', en: 'Basemap packs'},
  intro: {
    zh: '导入 PMTiles 底图包（矢量、影像或地形），保存在本设备，离线可用。内置的小比例尺底图始终保留。',
    en: 'Import PMTiles basemap packs (vector, imagery or terrain); they are kept on this device and work offline. The built-in small-scale basemap always stays.',
  },
  importPack: {zh: '导入底图包（.pmtiles）', en: 'Import basemap pack (.pmtiles)'},
  mbtilesNote: {
    zh: '也可导入 .mbtiles（小型底图包）：MBTiles 文件需整个读入内存，上限 256 MB；大的请转为 PMTiles。',
    en: 'Small .mbtiles packs work too: an MBTiles file is held whole in memory, so at most 256 MB; convert larger ones to PMTiles.',
  },
  mbtilesMemory: {zh: 'MBTiles：显示时占用约 {size} 内存', en: 'MBTiles: takes about {size} of memory while shown'},
  checking: {zh: '正在检查 {file}…', en: 'Checking {file}…'},
  storing: {zh: '正在保存 {file}…', en: 'Storing {file}…'},
  stored: {zh: '已保存底图包：{name}', en: 'Basemap pack stored: {name}'},
  refused: {zh: '未导入 {file}', en: '{file} not imported'},
  failed: {zh: '未保存 {file}', en: '{file} not stored'},
  nothingStored: {zh: '未在本设备留下任何文件。', en: 'Nothing was left on this device.'},
  none: {zh: '本设备上还没有底图包。', en: 'No basemap packs on this device yet.'},
  zooms: {zh: '缩放级别 {min}–{max}', en: 'Zoom {min}–{max}'},
  dataDate: {zh: '数据日期', en: 'Data date'},
  imported: {zh: '导入于', en: 'Imported'},
  source: {zh: '来源', en: 'Source'},
  unknownSource: {zh: '文件未注明来源', en: 'The file names no source'},
  osmNote: {zh: '含 OpenStreetMap 数据（ODbL 许可），使用时地图上显示署名。', en: 'Contains OpenStreetMap data (ODbL): credited on the map while in use.'},
  show: {zh: '显示', en: 'Show'},
  outline: {zh: '范围框', en: 'Coverage outline'},
  delete: {zh: '删除', en: 'Delete'},
  storage: {zh: '本应用已用 {used}，浏览器估计可用 {quota}', en: 'This app uses {used} of an estimated {quota}'},
  storageUnknown: {zh: '浏览器未提供存储空间估计', en: 'The browser gives no storage estimate'},
  persistGranted: {zh: '已获持久存储：浏览器不会自动清除底图包', en: 'Persistent storage granted: the browser will not evict the packs'},
  persistDenied: {zh: '未获持久存储：空间不足时浏览器可能清除底图包', en: 'No persistent storage: the browser may evict packs when space runs low'},
  unavailable: {zh: '此浏览器无法在本设备保存底图包（不支持源私有文件系统）。', en: 'This browser cannot keep packs on the device (no origin-private file system).'},
  genericStyle: {zh: '非 Protomaps 图层结构，按通用样式显示', en: 'Not the Protomaps schema: drawn with a plain style'},
  teamTitle: {zh: '从团队服务器下载', en: 'Download from the team server'},
  teamIntro: {
    zh: '管理员上传到团队服务器的底图包。登录后下载；中断后可继续，保存前核对 SHA-256。登录只在本次打开时有效。',
    en: 'Packs an admin uploaded to the team server. Sign in to download; an interrupted download continues, and the SHA-256 is checked before the pack is kept. The sign-in lasts for this visit only.',
  },
  username: {zh: '用户名', en: 'User name'},
  password: {zh: '密码', en: 'Password'},
  signIn: {zh: '登录', en: 'Sign in'},
  signingIn: {zh: '正在登录…', en: 'Signing in…'},
  signInFailed: {zh: '登录失败（{status}）。', en: 'Sign-in failed ({status}).'},
  signedInAs: {zh: '已登录：{user}', en: 'Signed in as {user}'},
  loadingList: {zh: '正在读取服务器上的底图包…', en: 'Reading the server’s packs…'},
  listFailed: {zh: '无法读取服务器上的底图包（{status}）。', en: 'Could not read the server’s packs ({status}).'},
  refreshList: {zh: '刷新列表', en: 'Refresh list'},
  noTeamPacks: {zh: '服务器上还没有底图包。', en: 'The server has no packs yet.'},
  uploaded: {zh: '上传于', en: 'Uploaded'},
  download: {zh: '下载', en: 'Download'},
  continueDownload: {zh: '继续下载', en: 'Continue download'},
  onDevice: {zh: '已在本设备', en: 'On this device'},
  downloading: {zh: '正在下载 {name}：{received} / {total}', en: 'Downloading {name}: {received} of {total}'},
  verifying: {zh: '正在核对 {name} 的 SHA-256…', en: 'Checking the SHA-256 of {name}…'},
  downloaded: {zh: '已下载并核对：{name}', en: 'Downloaded and checked: {name}'},
  downloadFailed: {zh: '未能下载 {name}', en: '{name} not downloaded'},
  keptPartial: {zh: '已下载的 {bytes} 保留在本设备，再按“继续下载”从中断处接着下载。', en: 'The {bytes} already received are kept; press “Continue download” to carry on from there.'},
  downloadNothingKept: {zh: '未在本设备保留任何内容。', en: 'Nothing was kept on this device.'},
} as const satisfies Record<string, Bilingual>;

export type PackMessageKey = keyof typeof M;

export function pt(key: PackMessageKey, lang: Lang, vars: Record<string, string | number> = {}): string {
  return word(M[key], lang, vars);
}

export const KIND_NAMES: Record<PackKind, Bilingual> = {
  vector: {zh: '矢量底图', en: 'Vector map'},
  raster: {zh: '影像', en: 'Imagery'},
  terrain: {zh: '地形（晕渲）', en: 'Terrain (hillshade)'},
};

const mb = (bytes: number, lang: Lang) => formatBytes(bytes, lang);

export function formatBytes(bytes: number, lang: Lang): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toLocaleString(localeOf(lang), {maximumFractionDigits: i === 0 ? 0 : 1})} ${units[i]}`;
}

/** Why a file was refused, in the reader's language. */
export function problemText(p: PackProblem, lang: Lang): string {
  const zh = lang === 'zh';
  switch (p.code) {
    case 'too-small':
      return zh ? `文件只有 ${p.sizeBytes} 字节，不是底图包。` : `The file is only ${p.sizeBytes} bytes: not a basemap pack.`;
    case 'not-pmtiles':
      return zh ? '不是 PMTiles 文件（文件头不符）。' : 'Not a PMTiles file (its header does not match).';
    case 'unsupported-version':
      return zh ? `PMTiles 第 ${p.version} 版不受支持，请用 pmtiles convert 转为第 3 版。` : `PMTiles version ${p.version} is not supported; convert it to version 3 with pmtiles convert.`;
    case 'truncated':
      return zh
        ? `文件不完整：只有 ${mb(p.sizeBytes, lang)}，应为 ${mb(p.expectedBytes, lang)}（复制或下载可能中断）。`
        : `The file is incomplete: ${mb(p.sizeBytes, lang)} of ${mb(p.expectedBytes, lang)} (the copy or download was probably cut short).`;
    case 'bad-header':
      return zh ? `文件头已损坏（${p.field}）。` : `The file header is damaged (${p.field}).`;
    case 'bad-bounds':
      return zh ? `文件的范围无效（${p.bounds.join(', ')}）。` : `The file's bounds are not valid (${p.bounds.join(', ')}).`;
    case 'unsupported-tile-type':
      return zh ? `不支持此瓦片类型（${p.tileType}）：可用矢量 MVT 或 PNG/JPEG/WebP 影像。` : `Unsupported tile type (${p.tileType}): use MVT vector or PNG/JPEG/WebP image tiles.`;
    case 'unsupported-compression':
      return zh ? `不支持此压缩方式（${p.compression}）：请用 gzip 或不压缩。` : `Unsupported compression (${p.compression}): use gzip or none.`;
    case 'corrupt-directory':
      return zh ? '文件的瓦片目录已损坏。' : 'The file’s tile directory is damaged.';
    case 'corrupt-metadata':
      return zh ? '文件的元数据已损坏。' : 'The file’s metadata is damaged.';
    case 'corrupt-tile':
      return zh ? `瓦片 ${p.tile.join('/')} 已损坏。` : `Tile ${p.tile.join('/')} is damaged.`;
    case 'no-tiles':
      return zh ? '文件中没有瓦片。' : 'The file holds no tiles.';
    case 'no-vector-layers':
      return zh ? '矢量底图包未列出其图层（元数据缺少 vector_layers）。' : 'The vector pack lists no layers (no vector_layers in its metadata).';
    case 'not-mbtiles':
      return zh ? 'SQLite 文件不是可读的 MBTiles（缺少 metadata 或 tiles 表，或文件已损坏）。' : 'The SQLite file is not a readable MBTiles file (no metadata or tiles table, or it is damaged).';
    case 'mbtiles-too-large':
      return zh
        ? `MBTiles 文件（${mb(p.sizeBytes, lang)}）需整个读入内存，超过上限 ${mb(p.maxBytes, lang)}。请用 pmtiles convert 转为 PMTiles。`
        : `An MBTiles file (${mb(p.sizeBytes, lang)}) is held whole in memory; this is over the ${mb(p.maxBytes, lang)} limit. Convert it to PMTiles with pmtiles convert.`;
    case 'unsupported-mbtiles-format':
      return zh ? `不支持此 MBTiles 瓦片格式（“${p.format}”）：可用 pbf、png、jpg 或 webp。` : `Unsupported MBTiles tile format (“${p.format}”): use pbf, png, jpg or webp.`;
  }
}

export function failureText(reason: PackStorageFailure, lang: Lang): string {
  const text: Record<PackStorageFailure, Bilingual> = {
    quota: {zh: '设备存储空间不足。请删除不用的底图包或照片后重试。', en: 'The device is out of storage space. Delete packs or photos you no longer need and try again.'},
    unavailable: {zh: '此浏览器无法在本设备保存文件。', en: 'This browser cannot store files on the device.'},
    io: {zh: '写入时出错。', en: 'Writing the file failed.'},
  };
  return text[reason][lang];
}

/** Why a download from the team server gave no pack, in the reader's language. */
export function downloadFailureText(f: DownloadFailure, lang: Lang): string {
  const zh = lang === 'zh';
  switch (f.code) {
    case 'network':
      return zh ? `连接中断，多次重试仍未恢复（${f.detail}）。` : `The connection broke and did not come back after several tries (${f.detail}).`;
    case 'http':
      return zh ? `服务器答复 ${f.status}。` : `The server answered ${f.status}.`;
    case 'signed-out':
      return zh ? '登录已过期，请重新登录。' : 'The sign-in has expired; sign in again.';
    case 'quota':
      return failureText('quota', lang);
    case 'io':
      return `${failureText('io', lang)} (${f.detail})`;
    case 'hash-mismatch':
      return zh
        ? `收到的文件与服务器列出的不一致（SHA-256 应为 ${f.expected.slice(0, 12)}…，实为 ${f.actual.slice(0, 12)}…），已丢弃。`
        : `The file received is not the one the server lists (SHA-256 should be ${f.expected.slice(0, 12)}…, is ${f.actual.slice(0, 12)}…); it was discarded.`;
    case 'not-a-pack':
      return problemText(f.problem, lang);
  }
}
