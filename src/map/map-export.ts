import type * as maplibregl from 'maplibre-gl';
import {APPROXIMATE_KEY, layersInView, mapLegendRows} from '../catalogue/legend';
import type {LayerState} from '../catalogue/style';
import {LIGHT} from '../catalogue/themes';
import type {LayerId, LegendEntry} from '../catalogue/types';
import type {Lang} from '../i18n/lang';
import type {ZonesSource} from '../geo/zones-import';

/** The sheet is printed on white whatever the screen's theme (catalogue/themes.ts). */
const SHEET = LIGHT.sheet;

/** What the exported sheet says besides the map. */
export type SheetText = {
  readonly lang: Lang;
  readonly title: string;
  readonly subtitle: string;
  /** The day the figures are for and the day the sheet was made, already worded. */
  readonly dateLine: string;
  readonly sources: string;
  readonly crsNote: string;
  readonly layerState: Readonly<Record<LayerId, LayerState>>;
  /** Which subsidence zones the map shows, so the legend names official ones; indicative when absent. */
  readonly zonesSource?: ZonesSource;
};

const FONT = "'QH Noto', 'Noto Sans SC', sans-serif";
const EARTH_CIRCUMFERENCE_METERS = 2 * Math.PI * 6378137;

/** The programme's layers (metadata `qh:layer`) of which the map drew at least one feature in the view. */
export function renderedLayerIds(map: maplibregl.Map): Set<string> {
  const byStyleLayer = new Map<string, string>();
  for (const l of map.getStyle()?.layers ?? []) {
    const owner = (l.metadata as Record<string, unknown> | undefined)?.['qh:layer'];
    if (typeof owner === 'string') byStyleLayer.set(l.id, owner);
  }
  const found = new Set<string>();
  if (byStyleLayer.size === 0) return found;
  for (const f of map.queryRenderedFeatures({layers: [...byStyleLayer.keys()]})) {
    const owner = byStyleLayer.get(f.layer.id);
    if (owner) found.add(owner);
  }
  return found;
}

function waitForIdle(map: maplibregl.Map): Promise<void> {
  return new Promise((resolve) => {
    map.once('idle', () => resolve());
    map.triggerRepaint();
  });
}

/** The longest “nice” distance (1, 2 or 5 × 10ⁿ m) that fits in `maxPixels` at this latitude and zoom. */
export function scaleBarOf(latitude: number, zoom: number, maxPixels: number): {meters: number; pixels: number; label: string} {
  // Web Mercator with MapLibre's 512-pixel tiles: metres per CSS pixel at `latitude`.
  const metersPerPixel = (EARTH_CIRCUMFERENCE_METERS * Math.cos((latitude * Math.PI) / 180)) / (512 * 2 ** zoom);
  const max = metersPerPixel * maxPixels;
  const pow = 10 ** Math.floor(Math.log10(max));
  const meters = [5, 2, 1].map((k) => k * pow).find((m) => m <= max) ?? pow;
  return {meters, pixels: meters / metersPerPixel, label: meters >= 1000 ? `${meters / 1000} km` : `${meters} m`};
}


function wrap(ctx: CanvasRenderingContext2D, line: string, width: number): string[] {
  const out: string[] = [];
  let current = '';
  // Latin text breaks between words; Chinese (no spaces) between any two characters.
  for (const token of line.match(/[\u2E80-\u9FFF\uFF00-\uFFEF]|[^\s\u2E80-\u9FFF\uFF00-\uFFEF]+|\s+/g) ?? []) {
    if (ctx.measureText(current + token).width > width && current.trim()) {
      out.push(current.trimEnd());
      current = token.trimStart();
    } else current += token;
  }
  if (current) out.push(current);
  return out;
}

function panel(ctx: CanvasRenderingContext2D, x: number, y: number, w: number, h: number): void {
  ctx.save();
  ctx.fillStyle = SHEET.panel;
  ctx.strokeStyle = SHEET.panelEdge;
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.roundRect(x, y, w, h, 6);
  ctx.fill();
  ctx.stroke();
  ctx.restore();
}

function swatch(ctx: CanvasRenderingContext2D, entry: LegendEntry, x: number, y: number): void {
  ctx.save();
  ctx.strokeStyle = entry.color;
  ctx.fillStyle = entry.color;
  ctx.setLineDash(entry.approximate ? [4, 3] : []);
  if (entry.shape === 'fill') {
    ctx.globalAlpha = entry.approximate ? 0.3 : 0.45;
    ctx.fillRect(x + 2, y + 2, 24, 12);
    ctx.globalAlpha = 1;
    ctx.lineWidth = 2;
    ctx.strokeRect(x + 2, y + 2, 24, 12);
  } else if (entry.shape === 'line') {
    ctx.lineWidth = 3;
    ctx.beginPath();
    ctx.moveTo(x + 1, y + 8);
    ctx.lineTo(x + 27, y + 8);
    ctx.stroke();
  } else {
    ctx.lineWidth = 2.5;
    ctx.fillStyle = entry.approximate ? LIGHT.layers.hollow : entry.color;
    ctx.beginPath();
    ctx.arc(x + 14, y + 8, 5, 0, 2 * Math.PI);
    ctx.fill();
    ctx.stroke();
  }
  ctx.restore();
}

/** Title, legend, scale bar, north arrow and the footer, in CSS pixels of a `width` × `height` sheet. */
function drawFurniture(ctx: CanvasRenderingContext2D, width: number, height: number, map: maplibregl.Map, text: SheetText, inView: ReadonlySet<string>): void {
  ctx.textBaseline = 'top';
  // Footer: the day, the sources and the coordinate system, wrapped to the sheet width.
  ctx.font = `12px ${FONT}`;
  const footer = [text.dateLine, text.sources, text.crsNote].flatMap((l) => wrap(ctx, l, width - 24));
  const footerHeight = footer.length * 16 + 10;
  ctx.fillStyle = SHEET.band;
  ctx.fillRect(0, height - footerHeight, width, footerHeight);
  ctx.fillStyle = SHEET.inkStrong;
  footer.forEach((line, i) => ctx.fillText(line, 12, height - footerHeight + 5 + i * 16));

  // Title block.
  ctx.font = `bold 24px ${FONT}`;
  const subtitleLines = (() => {
    ctx.font = `15px ${FONT}`;
    return wrap(ctx, text.subtitle, Math.min(640, width - 120));
  })();
  ctx.font = `bold 24px ${FONT}`;
  const titleWidth = Math.max(ctx.measureText(text.title).width, ...subtitleLines.map(() => 0));
  ctx.font = `15px ${FONT}`;
  const blockWidth = Math.min(width - 100, Math.max(titleWidth, ...subtitleLines.map((l) => ctx.measureText(l).width)) + 28);
  panel(ctx, 12, 12, blockWidth, 48 + subtitleLines.length * 21);
  ctx.fillStyle = SHEET.ink;
  ctx.font = `bold 24px ${FONT}`;
  ctx.fillText(text.title, 26, 22);
  ctx.font = `15px ${FONT}`;
  subtitleLines.forEach((l, i) => ctx.fillText(l, 26, 56 + i * 21));

  // North arrow, turned with the map.
  const cx = width - 40;
  const cy = 46;
  panel(ctx, cx - 26, cy - 30, 52, 62);
  ctx.save();
  ctx.translate(cx, cy + 6);
  ctx.rotate((-map.getBearing() * Math.PI) / 180);
  ctx.fillStyle = SHEET.ink;
  ctx.beginPath();
  ctx.moveTo(0, -20);
  ctx.lineTo(9, 10);
  ctx.lineTo(0, 4);
  ctx.lineTo(-9, 10);
  ctx.closePath();
  ctx.fill();
  ctx.restore();
  ctx.fillStyle = SHEET.ink;
  ctx.font = `bold 13px ${FONT}`;
  ctx.textAlign = 'center';
  ctx.fillText('N', cx, cy - 27);
  ctx.textAlign = 'left';

  // Legend, bottom left above the footer.
  // Only the layers the sheet shows: visible and drawn somewhere in this view.
  const entries = mapLegendRows(layersInView(text.layerState, inView), text.lang, text.zonesSource);
  const key = APPROXIMATE_KEY[text.lang];
  ctx.font = `13px ${FONT}`;
  const legendWidth = Math.max(...entries.map((e) => ctx.measureText(e.label).width), ctx.measureText(key).width) + 60;
  const legendHeight = entries.length * 20 + 34 + 20;
  const ly = height - footerHeight - legendHeight - 12;
  panel(ctx, 12, ly, legendWidth, legendHeight);
  ctx.fillStyle = SHEET.ink;
  ctx.font = `bold 14px ${FONT}`;
  ctx.fillText(text.lang === 'zh' ? '图例' : 'Legend', 24, ly + 8);
  ctx.font = `13px ${FONT}`;
  entries.forEach((e, i) => {
    swatch(ctx, e.entry, 22, ly + 30 + i * 20);
    ctx.fillStyle = SHEET.inkStrong;
    ctx.fillText(e.label, 56, ly + 31 + i * 20);
  });
  // The key to the dashed and hollow symbols, under the entries.
  ctx.fillStyle = SHEET.inkMuted;
  ctx.fillText(key, 24, ly + 31 + entries.length * 20);

  // Scale bar, bottom right above the footer; measured at the map's centre.
  const bar = scaleBarOf(map.getCenter().lat, map.getZoom(), 140);
  const bx = width - bar.pixels - 28;
  const by = height - footerHeight - 40;
  panel(ctx, bx - 10, by - 6, bar.pixels + 26, 34);
  ctx.fillStyle = SHEET.ink;
  ctx.fillRect(bx, by + 16, bar.pixels, 4);
  ctx.fillRect(bx, by + 10, 2, 10);
  ctx.fillRect(bx + bar.pixels - 2, by + 10, 2, 10);
  ctx.font = `12px ${FONT}`;
  ctx.fillText(bar.label, bx + 4, by - 2);
}

/**
 * The map as a sheet for a report (drawn from the canvas of `map`, made with
 * preserveDrawingBuffer): the map drawn at `scale` device pixels per CSS pixel
 * (MapLibre re-renders at that pixel ratio; the caller's ratio comes back afterwards), with
 * title, legend, scale bar, north arrow, date, sources and coordinate-system note on top.
 * The canvas is exactly the map's CSS size × `scale`.
 */
export async function renderMapSheet(map: maplibregl.Map, scale: number, text: SheetText): Promise<HTMLCanvasElement> {
  await document.fonts.ready;
  const container = map.getContainer();
  const width = container.clientWidth;
  const height = container.clientHeight;
  const previous = map.getPixelRatio();
  const out = document.createElement('canvas');
  out.width = Math.round(width * scale);
  out.height = Math.round(height * scale);
  const ctx = out.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas');
  let inView: ReadonlySet<string>;
  try {
    map.setPixelRatio(scale);
    await waitForIdle(map);
    ctx.drawImage(map.getCanvas(), 0, 0, out.width, out.height);
    inView = renderedLayerIds(map);
  } finally {
    map.setPixelRatio(previous);
  }
  ctx.scale(out.width / width, out.height / height);
  drawFurniture(ctx, width, height, map, text, inView);
  return out;
}

export function canvasToBlob(canvas: HTMLCanvasElement, type = 'image/png', quality?: number): Promise<Blob> {
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the canvas could not be encoded'))), type, quality));
}

export type Paper = 'a4' | 'a3';
/** ISO 216 landscape sizes in millimetres. */
export const PAPER_MM: Readonly<Record<Paper, {width: number; height: number}>> = {a4: {width: 297, height: 210}, a3: {width: 420, height: 297}};

/**
 * One landscape page of `paper` with the sheet on it. Every word is part of the image, so the
 * PDF needs no font and asks for nothing (jsPDF's built-in fonts are not used). The map is
 * rendered at about 200 dpi across the printable width.
 */
export async function renderMapPdf(map: maplibregl.Map, paper: Paper, text: SheetText): Promise<Blob> {
  const {jsPDF} = await import('jspdf');
  const size = PAPER_MM[paper];
  const margin = 8;
  const cssWidth = map.getContainer().clientWidth;
  const scale = Math.min(4, Math.max(1, (((size.width - 2 * margin) / 25.4) * 200) / cssWidth));
  const sheet = await renderMapSheet(map, scale, text);
  const doc = new jsPDF({orientation: 'landscape', unit: 'mm', format: paper, compress: true});
  const fit = Math.min((size.width - 2 * margin) / sheet.width, (size.height - 2 * margin) / sheet.height);
  const w = sheet.width * fit;
  const h = sheet.height * fit;
  const jpeg = new Uint8Array(await (await canvasToBlob(sheet, 'image/jpeg', 0.92)).arrayBuffer());
  doc.addImage(jpeg, 'JPEG', (size.width - w) / 2, (size.height - h) / 2, w, h);
  doc.setProperties({title: text.title, subject: text.subtitle, creator: 'qinghai-remediation-map'});
  return doc.output('blob');
}
