import {useEffect, useRef} from 'react';
import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import {absoluteFontUrls} from '../catalogue/assets';
import {fontFaces} from '../catalogue/fonts';
import {LAYERS} from '../catalogue/layers';
import {attributionText, buildStyle} from '../catalogue/style';
import {LIGHT} from '../catalogue/themes';
import type {FeatureProps, LayerId} from '../catalogue/types';
import {LAYER_IDS} from '../catalogue/types';
import type {AppState} from '../state/store';
import {useAppStore} from '../state/store';

// After `vite build` MapLibre cannot find its worker on its own (TOOLCHAIN.md).
maplibregl.setWorkerUrl(workerUrl);

/** Set once the map first reaches `idle`; browser tests and the benchmark read it. */
export const FIRST_IDLE_MARK = 'qh-map-first-idle';

const THEMATIC_STYLE_LAYERS = (): string[] =>
  LAYERS.flatMap((l) => l.style({lang: 'zh', theme: LIGHT, visible: true, opacity: 1}).map((s) => s.id));

function styleFor(state: AppState, data: NonNullable<AppState['geodata']>, map?: maplibregl.Map) {
  const base = window.location.href;
  const camera = map ? {center: map.getCenter().toArray() as [number, number], zoom: map.getZoom()} : {};
  return buildStyle({
    lang: state.lang,
    theme: LIGHT,
    layerState: state.layerState,
    data,
    fontFaces: fontFaces(absoluteFontUrls(base)),
    ...camera,
  });
}

function isLayerId(value: unknown): value is LayerId {
  return typeof value === 'string' && (LAYER_IDS as readonly string[]).includes(value);
}

/**
 * The only component that owns a MapLibre map. React renders the container; MapLibre the rest.
 * The map is made once the store has loaded the layer files.
 */
export function MapView() {
  const container = useRef<HTMLDivElement>(null);
  const data = useAppStore((s) => s.geodata);

  useEffect(() => {
    const el = container.current;
    if (!el || !data) return;
    const store = useAppStore;
    let map: maplibregl.Map;
    try {
      map = new maplibregl.Map({
        container: el,
        style: styleFor(store.getState(), data),
        hash: true,
        attributionControl: false,
        maxBounds: [[70, 20], [120, 50]],
        minZoom: 3,
        maxZoom: 16,
        canvasContextAttributes: {preserveDrawingBuffer: true},
      });
    } catch (err) {
      store.getState().setMapStatus('error', err instanceof Error ? err.message : String(err));
      return;
    }

    let attribution = new maplibregl.AttributionControl({compact: false, customAttribution: attributionText(store.getState().lang)});
    map.addControl(attribution, 'bottom-right');
    map.addControl(new maplibregl.NavigationControl({visualizePitch: true}), 'top-right');
    map.addControl(new maplibregl.ScaleControl({unit: 'metric', maxWidth: 120}), 'bottom-left');

    map.once('idle', () => {
      performance.mark(FIRST_IDLE_MARK);
      store.getState().setMapStatus('ready');
    });
    map.on('error', (e) => {
      console.error('map error:', e.error?.message ?? e);
      store.getState().setMapStatus('error', e.error?.message ?? 'map error');
    });

    let frame = 0;
    map.on('mousemove', (e) => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => store.getState().setCursor([e.lngLat.lng, e.lngLat.lat]));
    });
    map.getCanvas().addEventListener('mouseleave', () => store.getState().setCursor(null));

    const clickable = THEMATIC_STYLE_LAYERS();
    const queryAt = (point: maplibregl.PointLike | [maplibregl.PointLike, maplibregl.PointLike]) =>
      map.queryRenderedFeatures(point, {layers: clickable.filter((id) => map.getLayer(id))});
    map.on('mousemove', (e) => {
      map.getCanvas().style.cursor = queryAt(e.point).length ? 'pointer' : '';
    });
    map.on('click', (e) => {
      // Query a small box, not a pixel, so thin lines and small points can be tapped.
      const p = e.point;
      const hit = queryAt([[p.x - 4, p.y - 4], [p.x + 4, p.y + 4]])[0];
      const layerId = hit?.layer.metadata && (hit.layer.metadata as Record<string, unknown>)['qh:layer'];
      store.getState().select(hit && isLayerId(layerId) ? {layerId, properties: hit.properties as FeatureProps} : null);
    });

    const unsubscribe = store.subscribe((state, prev) => {
      if (state.lang !== prev.lang || state.layerState !== prev.layerState) {
        map.setStyle(styleFor(state, data, map));
      }
      if (state.lang !== prev.lang) {
        map.removeControl(attribution);
        attribution = new maplibregl.AttributionControl({compact: false, customAttribution: attributionText(state.lang)});
        map.addControl(attribution, 'bottom-right');
      }
      if (state.zoomRequest && state.zoomRequest !== prev.zoomRequest) {
        const bbox = data[state.zoomRequest.layerId].bbox;
        if (bbox) map.fitBounds([bbox[0], bbox[1], bbox[2], bbox[3]], {padding: 40, maxZoom: 12});
      }
    });

    (window as unknown as {qhMap?: maplibregl.Map}).qhMap = map;
    return () => {
      unsubscribe();
      cancelAnimationFrame(frame);
      map.remove();
    };
  }, [data]);

  return <div ref={container} className="map" data-testid="map" />;
}
