import {FONT_URLS} from '../catalogue/assets';
import {CJK_RANGES, LATIN_RANGES} from '../catalogue/fonts';

/**
 * The interface uses the same two font files as the map labels (one download each), so
 * Chinese text renders on machines without a CJK system font and with no network.
 */
export function registerUiFonts(): void {
  const faces = [
    new FontFace('QH Noto', `url(${FONT_URLS.latin}) format('woff2')`, {unicodeRange: LATIN_RANGES.join(', '), display: 'swap'}),
    new FontFace('QH Noto', `url(${FONT_URLS.cjk}) format('woff2')`, {unicodeRange: CJK_RANGES.join(', '), display: 'swap'}),
  ];
  for (const face of faces) document.fonts.add(face);
}
