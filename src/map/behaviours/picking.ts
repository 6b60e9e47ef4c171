import type * as maplibregl from 'maplibre-gl';
import {BASEMAP_CLICKABLE_LAYERS, BASEMAP_SOURCE} from '../../catalogue/basemap';
import {LAYERS} from '../../catalogue/layers';
import {THEMES} from '../../catalogue/themes';
import type {FeatureProps, SourceId} from '../../catalogue/types';
import {LAYER_IDS} from '../../catalogue/types';
import type {Detach, MapStore} from './types';

const PLOT_STYLE_LAYERS = ['plots:fill', 'plots:outline'];
const thematicStyleLayers = (): string[] =>
  LAYERS.flatMap((l) => l.style({lang: 'zh', theme: THEMES.light, visible: true, opacity: 1}).map((s) => s.id));

/** A catalogue layer, or the basemap (whose indicative salt lakes can be clicked for their caveats). */
function isSelectableSource(value: unknown): value is SourceId {
  return typeof value === 'string' && ((LAYER_IDS as readonly string[]).includes(value) || value === BASEMAP_SOURCE);
}

/**
 * Hover and click while no field tool is on: a pointer over anything clickable; a click picks
 * a plot (for the plot list) or a feature (for the info panel).
 */
export function attachPicking(map: maplibregl.Map, store: MapStore): Detach {
  const clickable = [...PLOT_STYLE_LAYERS, ...thematicStyleLayers(), ...BASEMAP_CLICKABLE_LAYERS];
  const queryAt = (point: maplibregl.PointLike | [maplibregl.PointLike, maplibregl.PointLike]) =>
    map.queryRenderedFeatures(point, {layers: clickable.filter((id) => map.getLayer(id))});

  const onHover = (e: maplibregl.MapMouseEvent) => {
    if (store.getState().tool !== 'none') return;
    map.getCanvas().style.cursor = queryAt(e.point).length ? 'pointer' : '';
  };
  const onClick = (e: maplibregl.MapMouseEvent) => {
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
  };
  map.on('mousemove', onHover);
  map.on('click', onClick);
  return () => {
    map.off('mousemove', onHover);
    map.off('click', onClick);
  };
}
