import type {FontFacesSpecification} from '@maplibre/maplibre-gl-style-spec';

/**
 * Unicode ranges each shipped font file serves. Latin covers ASCII, Latin-1 and general
 * punctuation (en dash, curly quotes); the Noto Sans SC “chinese-simplified” subset covers
 * CJK and the full-width forms used in Chinese labels.
 */
export const LATIN_RANGES = ['U+0000-00FF', 'U+2000-206F'];
export const CJK_RANGES = ['U+2E80-9FFF', 'U+FF00-FFEF'];

export const FONT_FILES = {
  latin: '@fontsource/noto-sans/files/noto-sans-latin-400-normal.woff2',
  cjk: '@fontsource/noto-sans-sc/files/noto-sans-sc-chinese-simplified-400-normal.woff2',
} as const;

export function fontFaces(urls: {latin: string; cjk: string}): FontFacesSpecification {
  return {
    Noto: [
      {url: urls.latin, 'unicode-range': LATIN_RANGES},
      {url: urls.cjk, 'unicode-range': CJK_RANGES},
    ],
  };
}
