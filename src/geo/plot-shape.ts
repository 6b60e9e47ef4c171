import type {Bilingual} from '../i18n/lang';
import {polygonAreaSquareMeters} from './area';
import type {PlotGeometry} from './plot';
import {squareMetersToMu} from './units';
import {geometryReasons} from './validate';

/** The smallest plot worth recording: 0.1 mu (≈ 67 m²), below a GPS fix's own error area. */
export const MIN_PLOT_AREA_MU = 0.1;

export const TOO_SMALL = 'too-small';

export type ShapeProblem = {
  readonly code: string;
  readonly message: Bilingual;
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
  const problems: ShapeProblem[] = reasons.map((r) => (r.location ? {code: r.code, message: r.message, location: r.location} : {code: r.code, message: r.message}));
  let areaSquareMeters = 0;
  if (problems.length === 0) {
    areaSquareMeters = polygonAreaSquareMeters(geometry);
    if (squareMetersToMu(areaSquareMeters) < MIN_PLOT_AREA_MU) {
      problems.push({
        code: TOO_SMALL,
        message: {
          zh: `地块面积过小（${squareMetersToMu(areaSquareMeters).toFixed(2)} 亩），最小 ${MIN_PLOT_AREA_MU} 亩`,
          en: `The plot is too small (${squareMetersToMu(areaSquareMeters).toFixed(2)} mu); the minimum is ${MIN_PLOT_AREA_MU} mu`,
        },
      });
    }
  }
  return {valid: problems.length === 0, areaSquareMeters, problems};
}
