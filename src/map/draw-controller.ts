import {TerraDraw, TerraDrawModeUndoRedo, TerraDrawPolygonMode, TerraDrawRenderMode, TerraDrawSelectMode} from 'terra-draw';
import type {SnapToCustom, TerraDrawExtend} from 'terra-draw';
import type {Polygon, Position} from 'geojson';
import {drawModeStyles} from '../catalogue/plots';
import {THEMES} from '../catalogue/themes';
import {polygonAreaSquareMeters} from '../geo/area';
import type {BBox} from '../geo/bbox';
import type {PlotGeometry} from '../geo/plot';
import {snapScreenPoint} from '../geo/snap';
import type {ScreenPoint} from '../geo/snap';
import {newPlotAt} from '../state/new-plot';
import type {AppState} from '../state/store';
import type {DrawingAction} from './map-commands';

/** Within this many pixels a new vertex snaps to an existing plot or zone boundary. */
const SNAP_TOLERANCE_PX = 12;
const EDIT_FEATURE_ID = '00000000-0000-4000-8000-000000000001';

type TerraDrawAdapter = ConstructorParameters<typeof TerraDraw>[0]['adapter'];
type AdapterCallbacks = TerraDrawExtend.TerraDrawCallbacks;

/**
 * What the controller needs from the page, injected (as terra-draw's modes get a config
 * object): the store, the map's projection and view, and a terra-draw adapter. The app
 * passes MapLibre's (maplibre-drawing.ts); a unit test passes plain functions.
 */
export type DrawControllerConfig = {
  readonly getState: () => AppState;
  readonly subscribe: (listener: (state: AppState, prev: AppState) => void) => () => void;
  /** WGS84 [lon, lat] to pixels in the map's container, and back. */
  readonly project: (lonLat: readonly [number, number]) => ScreenPoint;
  readonly unproject: (point: ScreenPoint) => [number, number];
  /** The part of the world on screen [west, south, east, north]: rings wholly outside are not snapped to. */
  readonly viewBounds: () => BBox;
  readonly adapter: TerraDrawAdapter;
  /**
   * Brings [lon, lat] back into the clear part of the view when it lies under the map's
   * controls or at its edges (a dragged vertex is never left where it cannot be reached).
   */
  readonly keepInView?: (lonLat: readonly [number, number]) => void;
};

/** A vertex within this many pixels of a tap or drag start is the one "Delete vertex" removes. */
const VERTEX_PICK_PX = 30;

function ringsOf(geometry: PlotGeometry): Position[][] {
  return geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
}

const inBounds = ([w, s, e, n]: BBox, lon: number, lat: number) => lon >= w && lon <= e && lat >= s && lat <= n;

/**
 * The bridge between the store's field tool and terra-draw (the only drawing-library code).
 * Drawing and vertex editing happen in terra-draw; every finished shape goes back to the store,
 * which validates it with src/geo before it can become a plot.
 */
export class DrawController {
  readonly #draw: TerraDraw;
  readonly #config: DrawControllerConfig;
  readonly #unsubscribe: () => void;
  /** terra-draw's handlers for the adapter's events: Finish presses Enter through them. */
  #callbacks: AdapterCallbacks | null = null;
  /** The edited ring's vertex last tapped or dragged (index into the open ring), for "Delete vertex". */
  #pickedVertex: number | null = null;

  constructor(config: DrawControllerConfig) {
    this.#config = config;
    const {adapter} = config;
    const register = adapter.register.bind(adapter);
    adapter.register = (callbacks) => {
      this.#callbacks = callbacks;
      // A tap or a drag start near a vertex of the edited shape picks it for "Delete vertex".
      const pick = <A extends [{containerX: number; containerY: number}, ...unknown[]]>(handler: (...args: A) => void) =>
        (...args: A) => {
          this.#pickVertexAt([args[0].containerX, args[0].containerY]);
          handler(...args);
        };
      register({...callbacks, onClick: pick(callbacks.onClick), onDragStart: pick(callbacks.onDragStart)});
    };
    const snapping = {toCustom: this.#snap};
    const styles = drawModeStyles(THEMES[config.getState().theme]);
    this.#draw = new TerraDraw({
      adapter,
      modes: [
        new TerraDrawRenderMode({modeName: 'static', styles: {}}),
        new TerraDrawPolygonMode({
          snapping,
          pointerDistance: 30,
          styles: styles.polygon,
        }),
        new TerraDrawSelectMode({
          flags: {
            polygon: {
              feature: {draggable: false, coordinates: {draggable: true, midpoints: true, deletable: true, snappable: snapping}},
            },
          },
          allowManualDeselection: false,
          styles: styles.select,
        }),
      ],
      undoRedo: {modeLevel: new TerraDrawModeUndoRedo()},
    });
    this.#draw.start();
    this.#draw.setMode('static');
    this.#draw.on('change', () => this.#publishDraft());
    this.#draw.on('finish', (id, context) => {
      if (context.mode === 'polygon' && context.action === 'draw') this.#finishDrawing(String(id));
      if (context.mode === 'select' && context.action === 'dragCoordinate') this.#keepPickedVertexInView();
    });
    this.#unsubscribe = config.subscribe((state, prev) => {
      if (state.tool !== prev.tool || state.shapePlotId !== prev.shapePlotId) this.#enterTool(state);
    });
    // Loaded after the map: a tool chosen meanwhile is taken up now.
    if (config.getState().tool !== 'none') this.#enterTool(config.getState());
  }

  destroy(): void {
    this.#unsubscribe();
    this.#draw.stop();
  }

  /** Undo or redo a vertex, or finish the shape (as Enter does), while drawing or editing. */
  run(action: DrawingAction): void {
    if (action === 'undo') this.#draw.undo();
    else if (action === 'redo') this.#draw.redo();
    else if (action === 'delete-vertex') this.#deletePickedVertex();
    else this.#finish();
  }

  /** The open ring (no closing repeat) of the shape being edited, if any. */
  #editRing(): Position[] | null {
    if (this.#config.getState().tool !== 'edit-shape') return null;
    const feature = this.#draw.getSnapshotFeature(EDIT_FEATURE_ID);
    if (feature?.geometry.type !== 'Polygon') return null;
    return (feature.geometry as Polygon).coordinates[0]!.slice(0, -1);
  }

  #pickVertexAt([x, y]: ScreenPoint): void {
    const ring = this.#editRing();
    if (!ring) return;
    let best: number | null = null;
    let bestDistance = VERTEX_PICK_PX;
    ring.forEach(([lon, lat], i) => {
      const [px, py] = this.#config.project([lon!, lat!]);
      const d = Math.hypot(px - x, py - y);
      if (d <= bestDistance) {
        best = i;
        bestDistance = d;
      }
    });
    this.#pickedVertex = best;
  }

  #keepPickedVertexInView(): void {
    const ring = this.#editRing();
    const vertex = this.#pickedVertex === null ? undefined : ring?.[this.#pickedVertex];
    if (vertex) this.#config.keepInView?.([vertex[0]!, vertex[1]!]);
  }

  /** Removes the picked vertex; a ring keeps at least three. */
  #deletePickedVertex(): void {
    const ring = this.#editRing();
    const index = this.#pickedVertex;
    if (!ring || index === null || index >= ring.length || ring.length <= 3) return;
    const open = ring.filter((_, i) => i !== index);
    this.#draw.updateFeatureGeometry(EDIT_FEATURE_ID, {type: 'Polygon', coordinates: [[...open, open[0]!]]});
    this.#pickedVertex = null;
    this.#publishDraft();
  }

  #enterTool(state: AppState): void {
    this.#draw.clear();
    this.#pickedVertex = null;
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

  #finish(): void {
    const state = this.#config.getState();
    if (state.tool === 'edit-shape') {
      const feature = this.#draw.getSnapshotFeature(EDIT_FEATURE_ID);
      if (feature?.geometry.type === 'Polygon') state.finishShape(feature.geometry as Polygon, newPlotAt(state));
    } else if (state.tool === 'draw') {
      // terra-draw closes a polygon on Enter; a button does the same for touch screens.
      this.#callbacks?.onKeyUp({key: 'Enter', heldKeys: [], preventDefault: () => {}});
    }
  }

  #finishDrawing(id: string): void {
    const feature = this.#draw.getSnapshotFeature(id);
    if (feature?.geometry.type !== 'Polygon') return;
    const geometry = feature.geometry as Polygon;
    const state = this.#config.getState();
    const accepted = state.finishShape(geometry, newPlotAt(state));
    this.#draw.clear();
    if (accepted) return;
    // Refused: keep the shape visible where the problem is, and let the user draw again.
    this.#config.getState().setDraft(geometry, null);
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
    this.#config.getState().setDraft(null, area);
  }

  /** Snap to the vertices, else the edges, of saved plots and subsidence-zone boundaries. */
  #snap: SnapToCustom = (event) => {
    const {getState, project, unproject, viewBounds} = this.#config;
    const state = getState();
    const bounds = viewBounds();
    const rings: ScreenPoint[][] = [];
    const add = (geometry: PlotGeometry) => {
      for (const ring of ringsOf(geometry)) {
        if (!ring.some(([lon, lat]) => inBounds(bounds, lon!, lat!))) continue;
        rings.push(ring.map(([lon, lat]) => project([lon!, lat!])));
      }
    };
    for (const record of Object.values(state.plots)) if (record.plot.properties.id !== state.shapePlotId) add(record.plot.geometry);
    for (const f of state.geodata?.datong.features.features ?? []) {
      if (f.geometry?.type === 'Polygon' || f.geometry?.type === 'MultiPolygon') add(f.geometry);
    }
    const hit = snapScreenPoint([event.containerX, event.containerY], rings, SNAP_TOLERANCE_PX);
    return hit ? unproject(hit.point) : undefined;
  };
}
