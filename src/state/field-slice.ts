import type {StateCreator} from 'zustand';
import type {PlotGeometry, Plot} from '../geo/plot';
import {checkPlotShape, TOO_FEW_VERTICES} from '../geo/plot-shape';
import type {ShapeProblem} from '../geo/plot-shape';
import {DEFAULT_WALK_OPTIONS, EMPTY_WALK, addFix, setPaused, undoLastVertex, walkPolygon} from '../geo/gps-walk';
import type {DistanceMeasure, GpsFix, WalkOptions, WalkState} from '../geo/gps-walk';
import {formProblemOf, formValuesOf} from './plot-form-slice';
import type {AppState} from './store';

export type FieldTool = 'none' | 'draw' | 'edit-shape' | 'walk';

/**
 * The plot open in the form: new (no saved version) or an existing one being edited.
 * `baseVersion`/`basePlot` are the stored version and plot the edit started from (filled in by
 * openForm when not given): a save is checked against them, not against whatever this page
 * holds by the time Save is pressed.
 */
export type FormDraft = {
  readonly plot: Plot;
  readonly isNew: boolean;
  readonly baseVersion?: number | null;
  readonly basePlot?: Plot | null;
  readonly origin?: 'form' | 'shape';
};

export type FieldSlice = {
  tool: FieldTool;
  /** The plot whose shape is being edited (tool 'edit-shape'). */
  shapePlotId: string | null;
  /** The plot and version the shape edit started from. */
  shapeBase: {readonly plot: Plot; readonly version: number} | null;
  /** The shape being drawn, edited or walked, and its ellipsoidal area, for the live readout. */
  draftGeometry: PlotGeometry | null;
  draftAreaSquareMeters: number | null;
  /** Why the last finished shape was refused, and where. */
  shapeProblem: ShapeProblem | null;
  form: FormDraft | null;
  walk: WalkState;
  walkOptions: WalkOptions;
  /** Plots staged by an import, shown on the map before anything is committed. */
  importPreview: readonly Plot[];
  /** Where the device last said it is ([lon, lat]: the locate button, a walk's fix); null until then. */
  userPosition: readonly [number, number] | null;
  setUserPosition: (position: readonly [number, number] | null) => void;
  setImportPreview: (plots: readonly Plot[]) => void;
  setTool: (tool: FieldTool, shapePlotId?: string | null) => void;
  setDraft: (geometry: PlotGeometry | null, areaSquareMeters: number | null) => void;
  /**
   * Validates a finished shape: refused with a reason; an edited outline of a plot whose
   * details are complete is saved at once; otherwise the shape opens in the form.
   */
  finishShape: (geometry: PlotGeometry, newPlot: (geometry: PlotGeometry) => Plot) => boolean;
  dismissShapeProblem: () => void;
  openForm: (draft: FormDraft | null) => void;
  /** A GPS fix of the walk; `distance` is the walk's measure (the view that watches the GPS loads GeographicLib's). */
  walkFix: (fix: GpsFix, distance: DistanceMeasure) => void;
  walkPause: (paused: boolean) => void;
  walkUndo: () => void;
  setWalkOptions: (options: Partial<WalkOptions>) => void;
  /** Closes the walked ring: the same check as a drawn shape. */
  walkFinish: (newPlot: (geometry: PlotGeometry) => Plot) => boolean;
};

export const createFieldSlice: StateCreator<AppState, [], [], FieldSlice> = (set, get) => ({
  tool: 'none',
  shapePlotId: null,
  shapeBase: null,
  draftGeometry: null,
  draftAreaSquareMeters: null,
  shapeProblem: null,
  form: null,
  walk: EMPTY_WALK,
  walkOptions: DEFAULT_WALK_OPTIONS,
  importPreview: [],
  setImportPreview: (importPreview) => set({importPreview}),
  userPosition: null,
  setUserPosition: (userPosition) => set({userPosition}),

  setTool: (tool, shapePlotId = null) =>
    set((s) => ({
      tool, shapePlotId, shapeBase: shapePlotId ? s.plots[shapePlotId] ?? null : null,
      draftGeometry: null, draftAreaSquareMeters: null, shapeProblem: null, walk: EMPTY_WALK,
    })),

  setDraft: (draftGeometry, draftAreaSquareMeters) => set({draftGeometry, draftAreaSquareMeters}),

  finishShape: (geometry, newPlot) => {
    const check = checkPlotShape(geometry);
    if (!check.valid) {
      set({shapeProblem: check.problems[0] ?? null});
      return false;
    }
    const {tool, shapePlotId, shapeBase} = get();
    // The edit starts from the plot as it was when shape editing began, not as it is now.
    const existing = tool === 'edit-shape' && shapePlotId && shapeBase?.plot.properties.id === shapePlotId ? shapeBase : null;
    if (existing && !formProblemOf(formValuesOf(existing.plot))) {
      // Save shape is one step: the plot's details are complete, so the new outline is saved
      // straight away (checked against the version the edit started from, as the form would).
      const plot: Plot = {...existing.plot, geometry, properties: {...existing.plot.properties, updated: new Date().toISOString()}};
      set({form: null, shapeProblem: null, tool: 'none', shapePlotId: null, shapeBase: null, draftGeometry: null, draftAreaSquareMeters: null, walk: EMPTY_WALK});
      void get().savePlot(plot, {baseVersion: existing.version, basePlot: existing.plot, origin: 'shape'});
      return true;
    }
    // A new plot, or one whose required details are missing: the form opens for them.
    const form: FormDraft = existing
      ? {plot: {...existing.plot, geometry}, isNew: false, baseVersion: existing.version, basePlot: existing.plot, origin: 'shape'}
      : {plot: newPlot(geometry), isNew: true, baseVersion: null, basePlot: null};
    // The shape stays drawn (as the draft) while its form is open.
    set({form, shapeProblem: null, tool: 'none', shapePlotId: null, shapeBase: null, draftGeometry: geometry, draftAreaSquareMeters: check.areaSquareMeters, walk: EMPTY_WALK});
    return true;
  },

  dismissShapeProblem: () => set({shapeProblem: null}),

  openForm: (form) => {
    if (!form) return set({form, draftGeometry: null, draftAreaSquareMeters: null});
    const stored = form.isNew ? undefined : get().plots[form.plot.properties.id];
    set({
      form: {
        ...form,
        baseVersion: form.baseVersion !== undefined ? form.baseVersion : stored?.version ?? null,
        basePlot: form.basePlot !== undefined ? form.basePlot : stored?.plot ?? null,
      },
    });
  },

  walkFix: (fix, distance) =>
    set((s) => {
      const walk = addFix(s.walk, fix, s.walkOptions, distance);
      const polygon = walkPolygon(walk);
      return {walk, userPosition: [fix.lon, fix.lat], draftGeometry: polygon, draftAreaSquareMeters: polygon ? checkPlotShape(polygon).areaSquareMeters || null : null};
    }),
  walkPause: (paused) => set((s) => ({walk: setPaused(s.walk, paused)})),
  walkUndo: () => set((s) => ({walk: undoLastVertex(s.walk)})),
  setWalkOptions: (options) => set((s) => ({walkOptions: {...s.walkOptions, ...options}})),
  walkFinish: (newPlot) => {
    const polygon = walkPolygon(get().walk);
    if (!polygon) {
      set({
        shapeProblem: {code: TOO_FEW_VERTICES, params: {minimum: 3}},
      });
      return false;
    }
    return get().finishShape(polygon, newPlot);
  },
});
