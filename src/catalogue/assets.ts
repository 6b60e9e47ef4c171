import latinFontUrl from '@fontsource/noto-sans/files/noto-sans-latin-400-normal.woff2?url';
import cjkFontUrl from '@fontsource/noto-sans-sc/files/noto-sans-sc-chinese-simplified-400-normal.woff2?url';

/**
 * The build's own URLs for the shipped data and fonts. Vite emits each file as a hashed
 * asset of the app, so the style never names a host other than the page's own.
 */
const dataUrls = import.meta.glob<string>('../../geodata/*.geojson', {query: '?url', import: 'default', eager: true});

export const FONT_URLS = {latin: latinFontUrl, cjk: cjkFontUrl};

export function geodataUrl(file: string, base: string): string {
  const url = dataUrls[`../../geodata/${file}`];
  if (url === undefined) throw new Error(`geodata/${file} is not part of the build`);
  return new URL(url, base).href;
}

export function absoluteFontUrls(base: string): {latin: string; cjk: string} {
  return {latin: new URL(latinFontUrl, base).href, cjk: new URL(cjkFontUrl, base).href};
}
