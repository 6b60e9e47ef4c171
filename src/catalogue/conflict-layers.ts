import type {FilterSpecification, LayerSpecification} from '@maplibre/maplibre-gl-style-spec';
import type {Theme} from './types';

/** The source of a team conflict's two shapes (src/map/behaviours/conflict-shapes.ts), kept across restyles (map-style.ts). */
export const CONFLICT_SOURCE = 'qh-conflict';

/** Dashes of the conflicting device's outline (line widths); the server's is solid. */
export const CONFLICT_MINE_DASH: readonly number[] = [2, 1.5];

const sideIs = (side: 'mine' | 'theirs'): FilterSpecification => ['==', ['get', 'side'], side];

/**
 * A team conflict's two shapes on the map (issue 14 item 4): the server's solid in the theme's
 * `conflictTheirs`, the conflicting device's dashed in `conflictMine`, both over a halo, on top
 * of everything. Features carry `side: 'mine' | 'theirs'` (state/conflict-shapes.ts).
 */
export function conflictLayers(theme: Theme): LayerSpecification[] {
  const {conflictMine, conflictTheirs} = theme.plots;
  return [
    {id: `${CONFLICT_SOURCE}:theirs-fill`, type: 'fill', source: CONFLICT_SOURCE, filter: sideIs('theirs'), paint: {'fill-color': conflictTheirs, 'fill-opacity': 0.15}},
    {id: `${CONFLICT_SOURCE}:mine-fill`, type: 'fill', source: CONFLICT_SOURCE, filter: sideIs('mine'), paint: {'fill-color': conflictMine, 'fill-opacity': 0.12}},
    {id: `${CONFLICT_SOURCE}:halo`, type: 'line', source: CONFLICT_SOURCE, paint: {'line-color': theme.halo, 'line-width': 6, 'line-opacity': 0.7}},
    {id: `${CONFLICT_SOURCE}:theirs-line`, type: 'line', source: CONFLICT_SOURCE, filter: sideIs('theirs'), paint: {'line-color': conflictTheirs, 'line-width': 3}},
    {
      id: `${CONFLICT_SOURCE}:mine-line`, type: 'line', source: CONFLICT_SOURCE, filter: sideIs('mine'),
      paint: {'line-color': conflictMine, 'line-width': 3, 'line-dasharray': [...CONFLICT_MINE_DASH]},
    },
  ];
}
