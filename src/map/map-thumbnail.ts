import type * as maplibregl from 'maplibre-gl';

/** The largest thumbnail kept with a slide, in characters of its data URL (about 20 kB of JPEG). */
export const THUMBNAIL_MAX_CHARS = 28_000;

/**
 * The map as it is on screen, scaled to `width` CSS pixels wide, as a JPEG data URL; quality
 * steps down until it fits THUMBNAIL_MAX_CHARS. Copied from the drawing buffer (kept by
 * preserveDrawingBuffer) at once, before anything else can move the map: the picture is the
 * view the slide was added from, as far as it had drawn.
 */
export function renderThumbnail(map: maplibregl.Map, width: number): Promise<string> {
  const source = map.getCanvas();
  const out = document.createElement('canvas');
  out.width = Math.max(1, Math.round(width));
  out.height = Math.max(1, Math.round((width * source.height) / Math.max(1, source.width)));
  const ctx = out.getContext('2d');
  if (!ctx) return Promise.reject(new Error('no 2D canvas'));
  ctx.drawImage(source, 0, 0, out.width, out.height);
  let url = '';
  for (const quality of [0.75, 0.6, 0.45, 0.3]) {
    url = out.toDataURL('image/jpeg', quality);
    if (url.length <= THUMBNAIL_MAX_CHARS) break;
  }
  return Promise.resolve(url);
}
