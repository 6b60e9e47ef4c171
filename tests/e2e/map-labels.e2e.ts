import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest';
import type {Page} from 'playwright-core';
import {openWatched, waitForFirstIdle} from './browser';
import type {Watched} from './browser';
import {sharedBrowser} from './suite';

// Issue 12, item 13: map labels never sit on a symbol. The crowded towns of the Qaidam basin
// each have a town dot, an industrial park's circle and a station's dot within a few km; at z7
// they are a few pixels apart.

const baseUrl = inject('baseUrl');
const browser = sharedBrowser();

const VIEWS: {name: string; center: [number, number]}[] = [
  {name: '德令哈', center: [97.37, 37.37]},
  {name: '格尔木', center: [94.9, 36.41]},
  {name: '大柴旦', center: [95.36, 37.85]},
  {name: '茫崖（花土沟）', center: [90.86, 38.25]},
];

type Overlap = {dot: string; kind: string; label: string; layer: string};

/**
 * Every label MapLibre placed whose box reaches into a dot (town, park or station) other than a
 * hidden one: the dots are read from the style's own paint (radius + stroke at this zoom), the
 * labels from `queryRenderedFeatures`, which for a symbol answers with its placed box.
 */
function labelsOnDots(page: Page, center: [number, number], zoom: number, withKeepClear = true): Promise<{overlaps: Overlap[]; dots: number; labels: string[]}> {
  return page.evaluate(
    ({center, zoom, withKeepClear}) =>
      new Promise((resolve) => {
        type Feature = {layer: {id: string; type: string}; properties: Record<string, unknown>; geometry: {type: string; coordinates: [number, number]}};
        const map = (window as unknown as {
          qhMap: {
            jumpTo(o: object): void;
            once(e: string, f: () => void): void;
            triggerRepaint(): void;
            getStyle(): {layers: {id: string; type: string; layout?: Record<string, unknown>}[]};
            setLayoutProperty(l: string, p: string, v: unknown): void;
            project(p: [number, number]): {x: number; y: number};
            queryRenderedFeatures(g?: unknown, o?: {layers: string[]}): Feature[];
            getZoom(): number;
          };
        }).qhMap;
        const layers = map.getStyle().layers;
        for (const l of layers) if (l.id.startsWith('keep-clear:')) map.setLayoutProperty(l.id, 'visibility', withKeepClear ? 'visible' : 'none');
        map.jumpTo({center, zoom});
        map.once('idle', () => {
          const z = map.getZoom();
          // Outer radius of each dot layer at this zoom, as the catalogue styles them.
          const radius: Record<string, (f: Feature) => number> = {
            'basemap:town': () => 3 + 1.5,
            'basemap:town-rank1': () => 4 + 1.5,
            'industrial-parks:circle': () => 4 + (Math.min(10, Math.max(4, z)) - 4) * (5 / 6) + 2.5,
            'rail-lines:station': () => 4 + 2,
          };
          const labelLayers = layers
            .filter((l) => l.type === 'symbol' && !l.id.startsWith('keep-clear:') && l.layout?.['text-field'] !== undefined && l.layout?.visibility !== 'none')
            .map((l) => l.id);
          const dots = map.queryRenderedFeatures(undefined, {layers: Object.keys(radius).filter((id) => layers.some((l) => l.id === id))});
          const overlaps: Overlap[] = [];
          for (const d of dots) {
            if (d.geometry.type !== 'Point') continue;
            const p = map.project(d.geometry.coordinates);
            // Labels carry 2 px of padding in their boxes: a label just clear of the dot still answers a box 1 px inside it.
            const r = radius[d.layer.id]!(d) - 1;
            for (const hit of map.queryRenderedFeatures([[p.x - r, p.y - r], [p.x + r, p.y + r]], {layers: labelLayers})) {
              // A dot's own label stands off it by its offset; its box is the label's, so it counts too.
              overlaps.push({dot: String(d.properties.name_zh ?? d.properties.id), kind: d.layer.id, label: String(hit.properties.name_zh ?? hit.properties.id), layer: hit.layer.id});
            }
          }
          const labels = map.queryRenderedFeatures(undefined, {layers: labelLayers}).map((f) => String(f.properties.name_zh ?? ''));
          resolve({overlaps, dots: dots.length, labels});
        });
        map.triggerRepaint();
      }),
    {center, zoom, withKeepClear},
  );
}

describe.each(['zh', 'en'] as const)('labels keep clear of the dots (%s)', (lang) => {
  let w: Watched;
  beforeAll(async () => {
    w = await openWatched(browser);
    await w.page.goto(`${baseUrl}?lang=${lang}`);
    await waitForFirstIdle(w.page);
  });
  afterAll(async () => {
    await w.context.close();
  });

  it.each([7, 10])('no label sits on a town, park or station dot at z%i around the Qaidam towns', async (zoom) => {
    for (const v of VIEWS) {
      const r = await labelsOnDots(w.page, v.center, zoom);
      expect(r.dots, `${v.name} z${zoom}: dots in view`).toBeGreaterThanOrEqual(2);
      expect(r.overlaps, `${v.name} z${zoom}`).toEqual([]);
      // Keeping clear must not cost the town its name where there is room: town names are
      // placed before the programme's labels (which give way), at z10 each town keeps its own.
      if (zoom === 10) expect(r.labels, `${v.name} z${zoom}: its own label`).toContain(v.name);
    }
  });

  it('would fail without the keep-clear boxes: at z7 a label then sits on a dot near 德令哈', async () => {
    const r = await labelsOnDots(w.page, VIEWS[0]!.center, 7, false);
    expect(r.overlaps.length).toBeGreaterThan(0);
    await labelsOnDots(w.page, VIEWS[0]!.center, 7, true);
  });
});
