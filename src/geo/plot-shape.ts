import {polygonAreaSquareMeters} from './area';
import type {PlotGeometry} from './plot';
import {squareMetersToMu} from './units';
import {geometryReasons, type ReasonCode, type ReasonParams} from './validate';

/** The smallest plot worth recording: 0.1 mu (≈ 67 m²), below a GPS fix's own error area. */
export const MIN_PLOT_AREA_MU = 0.1;

export const TOO_SMALL = 'too-small';
/** A walk finished with fewer than three boundary points: nothing to close. */
export const TOO_FEW_VERTICES = 'too-few-vertices';

/** Why a drawn or walked shape is refused: a geometry reason, too small to be a plot, or too few points. */
export type ShapeProblemCode = ReasonCode | typeof TOO_SMALL | typeof TOO_FEW_VERTICES;

export type ShapeProblem = {
  readonly code: ShapeProblemCode;
  /** What the UI's dictionary words it from (as ValidationReason.params). */
  readonly params: ReasonParams;
  readonly location?: readonly [number, number];
};

export type ShapeCheck = {
  readonly valid: boolean;
  readonly areaSquareMeters: number;
  readonly problems: readonly ShapeProblem[];
};

/**
 * Whether a drawn or walked shape may become a plot: the full geometry validation of
 * `validate.ts` (bow-ties, outside Qinghai, …) plus a minimum size. Warnings (such as
 * duplicate vertices) do not block; errors do.
 */
export function checkPlotShape(geometry: PlotGeometry): ShapeCheck {
  const reasons = geometryReasons(geometry).filter((r) => r.severity === 'error');
  const problems: ShapeProblem[] = reasons.map((r) => (r.location ? {code: r.code, params: r.params, location: r.location} : {code: r.code, params: r.params}));
  let areaSquareMeters = 0;
  if (problems.length === 0) {
    areaSquareMeters = polygonAreaSquareMeters(geometry);
    if (squareMetersToMu(areaSquareMeters) < MIN_PLOT_AREA_MU) {
      problems.push({
        code: TOO_SMALL,
        params: {areaMu: squareMetersToMu(areaSquareMeters).toFixed(2), minimumMu: MIN_PLOT_AREA_MU},
      });
    }
  }
  return {valid: problems.length === 0, areaSquareMeters, problems};
}
