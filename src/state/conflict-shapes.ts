import type {FeatureCollection} from 'geojson';
import {CONFLICT_MINE_DASH} from '../catalogue/conflict-layers';
import type {PlotPalette} from '../catalogue/types';
import {polygonAreaSquareMeters} from '../geo/area';
import type {Plot, PlotGeometry} from '../geo/plot';
import type {Conflict} from '../sync/protocol';

/*
 * A team conflict's two versions as shapes (issue 14 item 4): what the conflicting device made
 * ("mine") and what the server holds ("theirs"), for the map to draw side by side and the list
 * to give their areas. Pure: the map behaviour (src/map/behaviours/conflict-shapes.ts) and the
 * conflict list (src/ui/team/TeamConflicts.tsx) both read it.
 */

export type ConflictSide = 'mine' | 'theirs';

/**
 * What the conflict is about: `edit` both sides edited; `mine-deleted` the device deleted a plot
 * someone edited (delete-vs-update); `theirs-deleted` the device edited a plot the server had
 * deleted (update-vs-delete).
 */
export type ConflictKind = 'edit' | 'mine-deleted' | 'theirs-deleted';

export type ConflictShape = {
  readonly side: ConflictSide;
  /** The side's shape; a deleted side keeps the last shape it had, to show what went. */
  readonly geometry: PlotGeometry | null;
  readonly deleted: boolean;
  /** The shape's own area (CGCS2000 ellipsoid), null without a shape. */
  readonly areaSquareMeters: number | null;
};

export type ConflictShapes = {
  readonly kind: ConflictKind;
  /** Whether the conflict is over the shape itself (a geometry field), not only attributes. */
  readonly shapeDiffers: boolean;
  readonly mine: ConflictShape;
  readonly theirs: ConflictShape;
};

/**
 * How each side is drawn: its colour from the theme's plot palette (themes.ts), dashed or solid.
 * The map paints these; the list's key shows the same swatches.
 */
export function conflictShapeStyle(palette: Pick<PlotPalette, 'conflictMine' | 'conflictTheirs'>): Readonly<Record<ConflictSide, {readonly color: string; readonly dash: readonly number[] | null}>> {
  return {mine: {color: palette.conflictMine, dash: CONFLICT_MINE_DASH}, theirs: {color: palette.conflictTheirs, dash: null}};
}

export function conflictKind(conflict: Pick<Conflict, 'reason' | 'fields'>): ConflictKind {
  if (conflict.reason === 'delete-vs-update' || conflict.fields.some((f) => f.field === 'deleted' && f.mine === true)) return 'mine-deleted';
  if (conflict.reason === 'update-vs-delete') return 'theirs-deleted';
  return 'edit';
}

function isGeometry(value: unknown): value is PlotGeometry {
  if (typeof value !== 'object' || value === null) return false;
  const g = value as {type?: unknown; coordinates?: unknown};
  return (g.type === 'Polygon' || g.type === 'MultiPolygon') && Array.isArray(g.coordinates);
}

function areaOf(geometry: PlotGeometry | null): number | null {
  if (!geometry) return null;
  try {
    return polygonAreaSquareMeters(geometry);
  } catch {
    return null;
  }
}

const shape = (side: ConflictSide, geometry: PlotGeometry | null, deleted: boolean): ConflictShape => ({side, geometry, deleted, areaSquareMeters: areaOf(geometry)});

/**
 * Both sides of `conflict` as shapes. `current` is this device's copy of the plot (the server's
 * state as last pulled; a deleted plot's last state), null when the device has none. A side
 * whose shape the conflict does not name (only notes clashed) has the current shape.
 *
 * @example
 * conflictShapes({reason: 'same-field', fields: [{field: 'geometry', base, mine: a, theirs: b}], …}, plot)
 * // → {kind: 'edit', shapeDiffers: true, mine: {geometry: a, …}, theirs: {geometry: b, …}}
 */
export function conflictShapes(conflict: Pick<Conflict, 'reason' | 'fields'>, current: Pick<Plot, 'geometry'> | null): ConflictShapes {
  const kind = conflictKind(conflict);
  const field = conflict.fields.find((f) => f.field === 'geometry');
  const now = current?.geometry ?? null;
  const pick = (value: unknown, fallback: PlotGeometry | null) => (isGeometry(value) ? value : fallback);
  const base = pick(field?.base, now);
  const mineGeometry = kind === 'mine-deleted' ? base : pick(field?.mine, now);
  const theirsGeometry = pick(field?.theirs, now);
  return {
    kind,
    shapeDiffers: Boolean(field) && isGeometry(field?.mine) && isGeometry(field?.theirs),
    mine: shape('mine', mineGeometry, kind === 'mine-deleted'),
    theirs: shape('theirs', theirsGeometry, kind === 'theirs-deleted'),
  };
}

/** The two shapes as features for the map, theirs first so mine's dashed outline lies on top. */
export function conflictShapesCollection(shapes: ConflictShapes | null, plotId = ''): FeatureCollection {
  if (!shapes) return {type: 'FeatureCollection', features: []};
  return {
    type: 'FeatureCollection',
    features: [shapes.theirs, shapes.mine].flatMap((s) =>
      s.geometry ? [{type: 'Feature' as const, geometry: s.geometry, properties: {side: s.side, deleted: s.deleted, plotId}}] : []),
  };
}
