import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {describe, expect, it} from 'vitest';
import {maplibreLocale} from './maplibre-locale';

/** The string ids of the installed maplibre-gl's default locale, read from its own bundle. */
function maplibreStringIds(): string[] {
  const require = createRequire(import.meta.url);
  const bundle = readFileSync(require.resolve('maplibre-gl/dist/maplibre-gl-dev.mjs'), 'utf8');
  const table = /const defaultLocale = \{([^}]*)\}/.exec(bundle)?.[1];
  if (!table) throw new Error('maplibre-gl no longer has a defaultLocale table where expected');
  return [...table.matchAll(/"([\w.]+)":/g)].map((m) => m[1]!);
}

describe('MapLibre locale strings', () => {
  it('covers every string id the installed MapLibre has, in both languages', () => {
    const ids = maplibreStringIds();
    expect(ids.length).toBeGreaterThan(10);
    expect(Object.keys(maplibreLocale('zh')).sort()).toEqual([...ids].sort());
    expect(Object.keys(maplibreLocale('en')).sort()).toEqual([...ids].sort());
  });

  it('gives the zoom and map labels in Chinese for zh and English for en', () => {
    expect(maplibreLocale('zh')['NavigationControl.ZoomIn']).toBe('放大');
    expect(maplibreLocale('zh')['Map.Title']).toBe('地图');
    expect(maplibreLocale('zh')['AttributionControl.ToggleAttribution']).toMatch(/[\u4e00-\u9fff]/);
    expect(maplibreLocale('en')['NavigationControl.ZoomIn']).toBe('Zoom in');
  });
});
