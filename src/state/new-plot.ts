import {OTHER_ZONE, zoneAt} from '../geo/zone-at';
import type {ZoneFeature} from '../geo/zone-at';
import {labelPointOf} from '../geo/label-point';
import type {Plot, PlotGeometry} from '../geo/plot';
import type {AppState} from './store';

/** The zone code stored for plots outside every mapped subsidence zone. */
export {OTHER_ZONE};

export function subsidenceZones(state: Pick<AppState, 'geodata'>): ZoneFeature[] {
  return (state.geodata?.datong.features.features ?? []).filter((f) => f.properties?.kind === 'subsidence-zone') as ZoneFeature[];
}

/**
 * A new plot for a finished shape: a fresh UUID and the zone suggested from where the shape
 * lies. The form offers “repeat last values” for the rest.
 */
export function newPlotAt(state: Pick<AppState, 'geodata'>, now: () => Date = () => new Date()) {
  return (geometry: PlotGeometry): Plot => {
    const at = labelPointOf(geometry);
    const zone = at ? zoneAt(at, subsidenceZones(state))?.properties.id ?? OTHER_ZONE : OTHER_ZONE;
    return {
      type: 'Feature',
      geometry,
      properties: {
        id: crypto.randomUUID(),
        name: '',
        zone,
        measure: 'cover-regreen',
        status: 'planned',
        completed: null,
        team: '',
        notes: '',
        updated: now().toISOString(),
      },
    };
  };
}
