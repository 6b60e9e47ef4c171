import type {StateCreator} from 'zustand';
import type {PlotGeometry, Plot} from '../geo/plot';
import {checkPlotShape} from '../geo/plot-shape';
import type {ShapeProblem} from '../geo/plot-shape';
import {DEFAULT_WALK_OPTIONS, EMPTY_WALK, addFix, setPaused, undoLastVertex, walkPolygon} from '../geo/gps-walk';
import type {GpsFix, WalkOptions, WalkState} from '../geo/gps-walk';
import type {AppState} from './store';

export type FieldTool = 'none' | 'draw' | 'edit-shape' | 'walk';

/** A request to the drawing engine in src/map; the nonce makes each one new. */
export type DrawCommand = {readonly kind: 'undo' | 'redo' | 'finish' | 'cancel'; readonly nonce: number};

/** The plot open in the form: new (no saved version) or an existing one being edited. */
export type FormDraft = {readonly plot: Plot; readonly isNew: boolean};

export type FieldSlice = {
  tool: FieldTool;
  /** The plot whose shape is being edited (tool 'edit-shape'). */
  shapePlotId: string | null;
  /** The shape being drawn, edited or walked, and its ellipsoidal area, for the live readout. */
  draftGeometry: PlotGeometry | null;
  draftAreaSquareMeters: number | null;
  /** Why the last finished shape was refused, and where. */
  shapeProblem: ShapeProblem | null;
  form: FormDraft | null;
  drawCommand: DrawCommand | null;
  walk: WalkState;
  walkOptions: WalkOptions;
  /** Plots staged by an import, shown on the map before anything is committed. */
  importPreview: readonly Plot[];
  setImportPreview: (plots: readonly Plot[]) => void;
  setTool: (tool: FieldTool, shapePlotId?: string | null) => void;
  sendDrawCommand: (kind: DrawCommand['kind']) => void;
  setDraft: (geometry: PlotGeometry | null, areaSquareMeters: number | null) => void;
  /** Validates a finished shape: refused with a reason, or opened in the form. */
  finishShape: (geometry: PlotGeometry, newPlot: (geometry: PlotGeometry) => Plot) => boolean;
  dismissShapeProblem: () => void;
  openForm: (draft: FormDraft | null) => void;
  walkFix: (fix: GpsFix) => void;
  walkPause: (paused: boolean) => void;
  walkUndo: () => void;
  setWalkOptions: (options: Partial<WalkOptions>) => void;
  /** Closes the walked ring: the same check as a drawn shape. */
  walkFinish: (newPlot: (geometry: PlotGeometry) => Plot) => boolean;
};

export const createFieldSlice: StateCreator<AppState, [], [], FieldSlice> = (set, get) => ({
  tool: 'none',
  shapePlotId: null,
  draftGeometry: null,
  draftAreaSquareMeters: null,
  shapeProblem: null,
  form: null,
  drawCommand: null,
  walk: EMPTY_WALK,
  walkOptions: DEFAULT_WALK_OPTIONS,
  importPreview: [],
  setImportPreview: (importPreview) => set({importPreview}),

  setTool: (tool, shapePlotId = null) =>
    set({tool, shapePlotId, draftGeometry: null, draftAreaSquareMeters: null, shapeProblem: null, walk: EMPTY_WALK}),

  sendDrawCommand: (kind) => set((s) => ({drawCommand: {kind, nonce: (s.drawCommand?.nonce ?? 0) + 1}})),

  setDraft: (draftGeometry, draftAreaSquareMeters) => set({draftGeometry, draftAreaSquareMeters}),

  finishShape: (geometry, newPlot) => {
    const check = checkPlotShape(geometry);
    if (!check.valid) {
      set({shapeProblem: check.problems[0] ?? null});
      return false;
    }
    const {tool, shapePlotId, plots} = get();
    const existing = tool === 'edit-shape' && shapePlotId ? plots[shapePlotId]?.plot : undefined;
    const plot = existing ? {...existing, geometry} : newPlot(geometry);
    // The shape stays drawn (as the draft) while its form is open.
    set({form: {plot, isNew: !existing}, shapeProblem: null, tool: 'none', shapePlotId: null, draftGeometry: geometry, draftAreaSquareMeters: check.areaSquareMeters, walk: EMPTY_WALK});
    return true;
  },

  dismissShapeProblem: () => set({shapeProblem: null}),

  openForm: (form) => set(form ? {form} : {form, draftGeometry: null, draftAreaSquareMeters: null}),

  walkFix: (fix) =>
    set((s) => {
      const walk = addFix(s.walk, fix, s.walkOptions);
      const polygon = walkPolygon(walk);
      return {walk, draftGeometry: polygon, draftAreaSquareMeters: polygon ? checkPlotShape(polygon).areaSquareMeters || null : null};
    }),
  walkPause: (paused) => set((s) => ({walk: setPaused(s.walk, paused)})),
  walkUndo: () => set((s) => ({walk: undoLastVertex(s.walk)})),
  setWalkOptions: (options) => set((s) => ({walkOptions: {...s.walkOptions, ...options}})),
  walkFinish: (newPlot) => {
    const polygon = walkPolygon(get().walk);
    if (!polygon) {
      set({
        shapeProblem: {
          code: 'too-few-vertices',
          message: {zh: '至少需要 3 个边界点才能闭合地块', en: 'At least 3 boundary points are needed to close a plot'},
        },
      });
      return false;
    }
    return get().finishShape(polygon, newPlot);
  },
});
