import type * as maplibregl from 'maplibre-gl';
import {TerraDraw, TerraDrawModeUndoRedo, TerraDrawPolygonMode, TerraDrawRenderMode, TerraDrawSelectMode} from 'terra-draw';
import type {SnapToCustom} from 'terra-draw';
import {TerraDrawMapLibreGLAdapter} from 'terra-draw-maplibre-gl-adapter';
import type {Polygon, Position} from 'geojson';
import {drawModeStyles} from '../catalogue/plots';
import {THEMES} from '../catalogue/themes';
import {polygonAreaSquareMeters} from '../geo/area';
import type {PlotGeometry} from '../geo/plot';
import {snapScreenPoint} from '../geo/snap';
import type {ScreenPoint} from '../geo/snap';
import {newPlotAt} from '../state/new-plot';
import type {AppState} from '../state/store';
import {useAppStore} from '../state/store';

/** Within this many pixels a new vertex snaps to an existing plot or zone boundary. */
const SNAP_TOLERANCE_PX = 12;
const EDIT_FEATURE_ID = '00000000-0000-4000-8000-000000000001';

function ringsOf(geometry: PlotGeometry): Position[][] {
  return geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
}

/**
 * The bridge between the store's field tool and terra-draw (the only drawing-library code).
 * Drawing and vertex editing happen in terra-draw; every finished shape goes back to the store,
 * which validates it with src/geo before it can become a plot.
 */
export class DrawController {
  readonly #draw: TerraDraw;
  readonly #map: maplibregl.Map;
  readonly #unsubscribe: () => void;

  constructor(map: maplibregl.Map) {
    this.#map = map;
    const snapping = {toCustom: this.#snap};
    this.#draw = new TerraDraw({
      adapter: new TerraDrawMapLibreGLAdapter({map, coordinatePrecision: 7}),
      modes: [
        new TerraDrawRenderMode({modeName: 'static', styles: {}}),
        new TerraDrawPolygonMode({
          snapping,
          pointerDistance: 30,
          styles: drawModeStyles(THEMES[useAppStore.getState().theme]).polygon,
        }),
        new TerraDrawSelectMode({
          flags: {
            polygon: {
              feature: {draggable: false, coordinates: {draggable: true, midpoints: true, deletable: true, snappable: snapping}},
            },
          },
          allowManualDeselection: false,
          styles: drawModeStyles(THEMES[useAppStore.getState().theme]).select,
        }),
      ],
      undoRedo: {modeLevel: new TerraDrawModeUndoRedo()},
    });
    this.#draw.start();
    this.#draw.setMode('static');
    this.#draw.on('change', () => this.#publishDraft());
    this.#draw.on('finish', (id, context) => {
      if (context.mode === 'polygon' && context.action === 'draw') this.#finishDrawing(String(id));
    });
    this.#unsubscribe = useAppStore.subscribe((state, prev) => this.#onState(state, prev));
    // Loaded after the map: a tool chosen meanwhile is taken up now.
    if (useAppStore.getState().tool !== 'none') this.#enterTool(useAppStore.getState());
  }

  destroy(): void {
    this.#unsubscribe();
    this.#draw.stop();
  }

  #onState(state: AppState, prev: AppState): void {
    if (state.tool !== prev.tool || state.shapePlotId !== prev.shapePlotId) this.#enterTool(state);
    if (state.drawCommand && state.drawCommand !== prev.drawCommand) {
      const {kind} = state.drawCommand;
      if (kind === 'undo') this.#draw.undo();
      else if (kind === 'redo') this.#draw.redo();
      else if (kind === 'cancel') useAppStore.getState().setTool('none');
      else if (kind === 'finish') this.#finishCommand(state);
    }
  }

  #enterTool(state: AppState): void {
    this.#draw.clear();
    if (state.tool === 'draw') {
      this.#draw.setMode('polygon');
    } else if (state.tool === 'edit-shape' && state.shapePlotId) {
      const plot = state.plots[state.shapePlotId]?.plot;
      // terra-draw edits one Polygon; a MultiPolygon plot is edited part by part elsewhere.
      if (!plot || plot.geometry.type !== 'Polygon') return;
      this.#draw.setMode('select');
      this.#draw.addFeatures([{id: EDIT_FEATURE_ID, type: 'Feature', geometry: plot.geometry, properties: {mode: 'polygon'}}]);
      this.#draw.selectFeature(EDIT_FEATURE_ID);
    } else {
      this.#draw.setMode('static');
    }
  }

  #finishCommand(state: AppState): void {
    if (state.tool === 'edit-shape') {
      const feature = this.#draw.getSnapshotFeature(EDIT_FEATURE_ID);
      if (feature?.geometry.type === 'Polygon') {
        useAppStore.getState().finishShape(feature.geometry as Polygon, newPlotAt(useAppStore.getState()));
      }
    } else if (state.tool === 'draw') {
      // terra-draw closes a polygon on Enter; a button does the same for touch screens.
      this.#map.getCanvas().dispatchEvent(new KeyboardEvent('keyup', {key: 'Enter', bubbles: true}));
    }
  }

  #finishDrawing(id: string): void {
    const feature = this.#draw.getSnapshotFeature(id);
    if (feature?.geometry.type !== 'Polygon') return;
    const geometry = feature.geometry as Polygon;
    const accepted = useAppStore.getState().finishShape(geometry, newPlotAt(useAppStore.getState()));
    this.#draw.clear();
    if (accepted) return;
    // Refused: keep the shape visible where the problem is, and let the user draw again.
    useAppStore.getState().setDraft(geometry, null);
    this.#draw.setMode('polygon');
  }

  #publishDraft(): void {
    const mode = this.#draw.getMode();
    if (mode !== 'polygon' && mode !== 'select') return;
    const feature = this.#draw.getSnapshot().find((f) => f.geometry.type === 'Polygon' && (f.properties.mode === 'polygon'));
    if (!feature) return;
    const geometry = feature.geometry as Polygon;
    const ring = geometry.coordinates[0] ?? [];
    let area: number | null = null;
    if (ring.length >= 4) {
      try {
        area = polygonAreaSquareMeters(geometry);
      } catch {
        area = null;
      }
    }
    useAppStore.getState().setDraft(null, area);
  }

  /** Snap to the vertices, else the edges, of saved plots and subsidence-zone boundaries. */
  #snap: SnapToCustom = (event) => {
    const state = useAppStore.getState();
    const map = this.#map;
    const bounds = map.getBounds();
    const rings: ScreenPoint[][] = [];
    const add = (geometry: PlotGeometry) => {
      for (const ring of ringsOf(geometry)) {
        if (!ring.some(([lon, lat]) => bounds.contains([lon!, lat!]))) continue;
        rings.push(ring.map(([lon, lat]) => {
          const p = map.project([lon!, lat!]);
          return [p.x, p.y] as ScreenPoint;
        }));
      }
    };
    for (const record of Object.values(state.plots)) if (record.plot.properties.id !== state.shapePlotId) add(record.plot.geometry);
    for (const f of state.geodata?.datong.features.features ?? []) {
      if (f.geometry?.type === 'Polygon' || f.geometry?.type === 'MultiPolygon') add(f.geometry);
    }
    const hit = snapScreenPoint([event.containerX, event.containerY], rings, SNAP_TOLERANCE_PX);
    if (!hit) return undefined;
    const ll = map.unproject([hit.point[0], hit.point[1]]);
    return [ll.lng, ll.lat];
  };
}
