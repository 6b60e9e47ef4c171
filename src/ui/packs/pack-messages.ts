import type {PackProblem} from '../../geo/packs/inspect-pack';
import type {PackKind} from '../../geo/packs/pack-types';
import {localeOf, type Bilingual, type Lang} from '../../i18n/lang';
import type {PackStorageFailure} from '../../state/pack-storage';
import type {DownloadFailure} from '../../state/packs-download';
import type {OrthoProblem} from '../../geo/ortho/ortho-georef';


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

/** Why a file was not made into an orthophoto layer, in the reader's language. */
export function orthoProblemText(p: OrthoProblem, lang: Lang): string {
  const zh = lang === 'zh';
  switch (p.code) {
    case 'not-tiff':
      return zh ? '不是 GeoTIFF 文件（文件头不是 TIFF）。' : 'Not a GeoTIFF file (its header is not a TIFF header).';
    case 'corrupt':
      return zh ? `文件已损坏，无法读取（${p.detail}）。` : `The file is damaged and cannot be read (${p.detail}).`;
    case 'no-georeferencing':
      return zh
        ? '文件没有地理参考（缺少 GeoTIFF 的坐标标签），无法确定影像位置。请用 GDAL 等工具写入坐标系后再导入。'
        : 'The file has no georeferencing (no GeoTIFF coordinate tags), so where it lies is unknown. Add its coordinate system with GDAL or similar and import it again.';
    case 'unknown-crs':
      return zh
        ? `不支持此坐标系（${p.epsg === null ? '文件未注明 EPSG 代码' : `EPSG:${p.epsg}`}）：可用 CGCS2000（4490、4491–4554）、WGS 84 / UTM 或 Web 墨卡托（3857）。`
        : `Unsupported coordinate system (${p.epsg === null ? 'the file names no EPSG code' : `EPSG:${p.epsg}`}): use CGCS2000 (4490, 4491–4554), WGS 84 / UTM or Web Mercator (3857).`;
    case 'datum-shift':
      return zh
        ? `${p.name}（EPSG:${p.epsg}）与 CGCS2000 相差数十至上百米，需要本地转换参数，本应用不做此转换。请先转为 CGCS2000 再导入。`
        : `${p.name} (EPSG:${p.epsg}) differs from CGCS2000 by tens to a hundred metres and needs local transformation parameters this app does not have. Convert it to CGCS2000 first.`;
    case 'unsupported-samples':
      return zh
        ? `不支持此像素格式（每像素 ${p.samplesPerPixel} 个样本，${p.bitsPerSample} 位）：可用 8 位或 16 位的 RGB、RGBA 或灰度影像。`
        : `Unsupported pixel format (${p.samplesPerPixel} samples of ${p.bitsPerSample} bits): use 8- or 16-bit RGB, RGBA or grey images.`;
    case 'too-large':
      return zh
        ? `文件的一个数据块有 ${mb(p.blockBytes, lang)}，超过内存上限 ${mb(p.maxBlockBytes, lang)}。请转为分块的 COG（gdal_translate -of COG）后再导入。`
        : `One block of the file is ${mb(p.blockBytes, lang)}, over the ${mb(p.maxBlockBytes, lang)} memory limit. Convert it to a tiled COG (gdal_translate -of COG) and import that.`;
    case 'too-many-tiles':
      return zh
        ? `影像需要约 ${p.tiles.toLocaleString('zh-CN')} 块瓦片，超过上限 ${p.maxTiles.toLocaleString('zh-CN')} 块。请分幅或降低分辨率后再导入。`
        : `The image would need about ${p.tiles.toLocaleString('en')} tiles, over the ${p.maxTiles.toLocaleString('en')} limit. Split it or lower its resolution first.`;
    case 'outside-mercator':
      return zh ? '影像的坐标不在 Web 墨卡托地图范围内（请检查坐标系）。' : 'The image’s coordinates fall outside the Web-Mercator map (check its coordinate system).';
  }
}

/** Why storing or converting an orthophoto failed. */
export function orthoFailureText(reason: PackStorageFailure | 'convert', detail: string, lang: Lang): string {
  if (reason !== 'convert') return failureText(reason, lang);
  return lang === 'zh' ? `转换时出错（${detail}）。` : `The conversion failed (${detail}).`;
}
