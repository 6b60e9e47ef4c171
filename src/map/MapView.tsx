import {useEffect, useRef} from 'react';
import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import {absoluteFontUrls} from '../catalogue/assets';
import {BASEMAP_CLICKABLE_LAYERS, BASEMAP_SOURCE} from '../catalogue/basemap';
import {fontFaces} from '../catalogue/fonts';
import {LAYERS} from '../catalogue/layers';
import {attributionText, buildStyle} from '../catalogue/style';
import {THEMES} from '../catalogue/themes';
import type {FeatureProps, SourceId} from '../catalogue/types';
import {LAYER_IDS} from '../catalogue/types';
import {bboxOfGeoJson} from '../geo/bbox';
import {t} from '../i18n/messages';
import {selectDraftCollection, selectPlotsCollection} from '../state/selectors';
import type {AppState} from '../state/store';
import {useAppStore} from '../state/store';
import type {DrawController} from './draw-controller';
import {setExportMap} from './map-export';
import {PACK_PROTOCOL} from '../catalogue/packs';
import {PackTileReader} from './pack-protocol';

// After `vite build` MapLibre cannot find its worker on its own (TOOLCHAIN.md).
maplibregl.setWorkerUrl(workerUrl);

/** Set once the map first reaches `idle`; browser tests and the benchmark read it. */
export const FIRST_IDLE_MARK = 'qh-map-first-idle';

const THEMATIC_STYLE_LAYERS = (): string[] =>
  LAYERS.flatMap((l) => l.style({lang: 'zh', theme: THEMES.light, visible: true, opacity: 1}).map((s) => s.id));
const PLOT_STYLE_LAYERS = ['plots:fill', 'plots:outline'];

function styleFor(state: AppState, data: NonNullable<AppState['geodata']>, map?: maplibregl.Map) {
  const base = window.location.href;
  const camera = map ? {center: map.getCenter().toArray() as [number, number], zoom: map.getZoom()} : {};
  return buildStyle({
    lang: state.lang,
    // Presenting is just another theme: the style is generated the same way.
    theme: state.presenting !== null ? THEMES.presentation : THEMES[state.theme],
    layerState: state.layerState,
    data,
    plots: selectPlotsCollection(state),
    draft: selectDraftCollection(state),
    packs: state.packs,
    fontFaces: fontFaces(absoluteFontUrls(base)),
    ...camera,
  });
}

/** Keeps terra-draw's own sources and layers (prefix `td-`) across a restyle. */
const keepDrawingLayers: maplibregl.TransformStyleFunction = (previous, next) => {
  if (!previous) return next;
  const sources = {...next.sources};
  for (const [id, source] of Object.entries(previous.sources)) if (id.startsWith('td-')) sources[id] = source;
  return {...next, sources, layers: [...next.layers, ...previous.layers.filter((l) => l.id.startsWith('td-'))]};
};

/** A catalogue layer, or the basemap (whose indicative salt lakes can be clicked for their caveats). */
function isSelectableSource(value: unknown): value is SourceId {
  return typeof value === 'string' && ((LAYER_IDS as readonly string[]).includes(value) || value === BASEMAP_SOURCE);
}

const STYLE_INPUTS = ['geodata', 'lang', 'theme', 'layerState', 'plots', 'saveState', 'selectedPlotId', 'draftGeometry', 'walk', 'tool', 'importPreview', 'filters', 'presenting', 'packs'] as const;

/**
 * The only component that owns a MapLibre map. React renders the container; MapLibre the rest.
 * The map is made once the store has loaded the layer files; after that every change in the
 * store that affects the picture regenerates the style, and MapLibre applies the difference.
 */
export function MapView() {
  const container = useRef<HTMLDivElement>(null);
  // The map is made once the layers are loaded; later changes to them (official zones loaded
  // or reverted) restyle it like any other input.
  const loaded = useAppStore((s) => s.geodata !== null);

  useEffect(() => {
    const el = container.current;
    const store = useAppStore;
    const data = store.getState().geodata;
    if (!el || !loaded || !data) return;
    // Basemap packs on the device are read through their own protocol (before the first style).
    const packReader = new PackTileReader((id) => store.getState().packStorage.readPack(id));
    maplibregl.addProtocol(PACK_PROTOCOL, packReader.load);
    let map: maplibregl.Map;
    try {
      map = new maplibregl.Map({
        container: el,
        style: styleFor(store.getState(), data),
        hash: true,
        attributionControl: false,
        maxBounds: [[70, 20], [120, 50]],
        minZoom: 3,
        maxZoom: 19,
        canvasContextAttributes: {preserveDrawingBuffer: true},
        locale: {
          'GeolocateControl.FindMyLocation': t('locateMe', store.getState().lang),
          'GeolocateControl.LocationNotAvailable': t('locationUnavailable', store.getState().lang),
        },
      });
    } catch (err) {
      store.getState().setMapStatus('error', err instanceof Error ? err.message : String(err));
      return;
    }

    let attribution = new maplibregl.AttributionControl({customAttribution: attributionText(store.getState().lang)});
    map.addControl(attribution, 'bottom-right');
    map.addControl(new maplibregl.NavigationControl({visualizePitch: true}), 'top-right');
    map.addControl(
      new maplibregl.GeolocateControl({
        positionOptions: {enableHighAccuracy: true, timeout: 30_000},
        trackUserLocation: true,
        showAccuracyCircle: true,
      }),
      'top-right',
    );
    map.addControl(new maplibregl.ScaleControl({unit: 'metric', maxWidth: 120}), 'bottom-left');

    // terra-draw is fetched after the map has loaded: opening the map does not wait for it.
    let draw: DrawController | null = null;
    let removed = false;
    map.once('load', () => {
      void import('./draw-controller').then(({DrawController: Controller}) => {
        if (!removed) draw = new Controller(map);
      });
    });
    map.once('idle', () => {
      performance.mark(FIRST_IDLE_MARK);
      store.getState().setMapStatus('ready');
    });
    map.on('error', (e) => {
      // A damaged tile in a basemap pack costs that tile, not the map: it is not a map failure.
      if (String((e as {sourceId?: unknown}).sourceId ?? '').startsWith('pack:')) {
        console.warn('basemap pack tile:', e.error?.message ?? e);
        return;
      }
      console.error('map error:', e.error?.message ?? e);
      store.getState().setMapStatus('error', e.error?.message ?? 'map error');
    });

    const reportCamera = () => {
      const c = map.getCenter();
      store.getState().setCamera({center: [c.lng, c.lat], zoom: map.getZoom(), bearing: map.getBearing(), pitch: map.getPitch()});
    };
    map.once('load', reportCamera);
    map.on('moveend', reportCamera);

    let frame = 0;
    let flyFrame = 0;
    map.on('mousemove', (e) => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => store.getState().setCursor([e.lngLat.lng, e.lngLat.lat]));
    });
    map.getCanvas().addEventListener('mouseleave', () => store.getState().setCursor(null));

    const clickable = [...PLOT_STYLE_LAYERS, ...THEMATIC_STYLE_LAYERS(), ...BASEMAP_CLICKABLE_LAYERS];
    const queryAt = (point: maplibregl.PointLike | [maplibregl.PointLike, maplibregl.PointLike]) =>
      map.queryRenderedFeatures(point, {layers: clickable.filter((id) => map.getLayer(id))});
    map.on('mousemove', (e) => {
      if (store.getState().tool !== 'none') return;
      map.getCanvas().style.cursor = queryAt(e.point).length ? 'pointer' : '';
    });
    map.on('click', (e) => {
      const state = store.getState();
      if (state.tool !== 'none') return;
      // Query a small box, not a pixel, so thin lines and small points can be tapped.
      const p = e.point;
      const hits = queryAt([[p.x - 4, p.y - 4], [p.x + 4, p.y + 4]]);
      const plotHit = hits.find((h) => h.layer.id.startsWith('plots:'));
      if (plotHit) {
        state.selectPlot(String(plotHit.properties.id));
        state.select(null);
        return;
      }
      // Haixi's county fills lie over the whole Qaidam basin: a feature tapped on top of one
      // (a basemap salt lake drawn below it) is what the user means, the county only otherwise.
      const hit = hits.find((h) => h.layer.id !== 'haixi:fill') ?? hits[0];
      const layerId = hit?.layer.metadata && (hit.layer.metadata as Record<string, unknown>)['qh:layer'];
      state.select(hit && isSelectableSource(layerId) ? {layerId, properties: hit.properties as FeatureProps} : null);
    });

    const unsubscribe = store.subscribe((state, prev) => {
      if (STYLE_INPUTS.some((k) => state[k] !== prev[k])) {
        map.setStyle(styleFor(state, state.geodata ?? data, map), {diff: true, transformStyle: keepDrawingLayers});
      }
      if (state.packs !== prev.packs) packReader.retain(state.packs.map((p) => p.id));
      if (state.lang !== prev.lang) {
        map.removeControl(attribution);
        attribution = new maplibregl.AttributionControl({customAttribution: attributionText(state.lang)});
        map.addControl(attribution, 'bottom-right');
      }
      if (state.zoomRequest && state.zoomRequest !== prev.zoomRequest) {
        const bbox = (state.geodata ?? data)[state.zoomRequest.layerId].bbox;
        if (bbox) map.fitBounds([bbox[0], bbox[1], bbox[2], bbox[3]], {padding: 40, maxZoom: 12});
      }
      if (state.plotZoomRequest && state.plotZoomRequest !== prev.plotZoomRequest) {
        const plot = state.plots[state.plotZoomRequest.plotId]?.plot;
        const bbox = plot ? bboxOfGeoJson(plot) : null;
        if (bbox) map.fitBounds([bbox[0], bbox[1], bbox[2], bbox[3]], {padding: 60, maxZoom: 17});
      }
      if (state.flyRequest && state.flyRequest !== prev.flyRequest) {
        const {center, zoom, bearing, pitch} = state.flyRequest.camera;
        // Starting or leaving a presentation changes the map's size in the same update: fly
        // once React has laid the page out, from the map's new size, or the view lands off-centre.
        cancelAnimationFrame(flyFrame);
        flyFrame = requestAnimationFrame(() => {
          flyFrame = requestAnimationFrame(() => {
            map.resize();
            map.flyTo({center: [center[0], center[1]], zoom, bearing, pitch, duration: 2500, essential: true});
          });
        });
      }
    });

    setExportMap(map);
    (window as unknown as {qhMap?: maplibregl.Map}).qhMap = map;
    return () => {
      unsubscribe();
      setExportMap(null);
      cancelAnimationFrame(frame);
      cancelAnimationFrame(flyFrame);
      removed = true;
      draw?.destroy();
      map.remove();
      maplibregl.removeProtocol(PACK_PROTOCOL);
    };
  }, [loaded]);

  return <div ref={container} className="map" data-testid="map" />;
}
