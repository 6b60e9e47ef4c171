import type * as maplibregl from 'maplibre-gl';
import {maplibreLocale, type MaplibreStringId} from '../../i18n/maplibre-locale';
import type {Lang} from '../../i18n/lang';
import type {Detach, MapStore} from './types';

/** The controls MapLibre labels once, when they are added: relabelled in place when the language changes. */
const LABELLED: readonly (readonly [selector: string, id: MaplibreStringId])[] = [
  ['.maplibregl-ctrl-zoom-in', 'NavigationControl.ZoomIn'],
  ['.maplibregl-ctrl-zoom-out', 'NavigationControl.ZoomOut'],
  ['.maplibregl-ctrl-compass', 'NavigationControl.ResetBearing'],
  ['.maplibregl-ctrl-geolocate:not([disabled])', 'GeolocateControl.FindMyLocation'],
  ['.maplibregl-ctrl-geolocate[disabled]', 'GeolocateControl.LocationNotAvailable'],
  ['.maplibregl-ctrl-fullscreen', 'FullscreenControl.Enter'],
];

/** MapLibre's own strings table; not in its typings, read by every control as it labels itself. */
type WithLocale = {_locale: Record<string, string>};

/** Gives MapLibre's string table in `lang` to the map and relabels the controls already on it. */
export function applyControlLocale(map: maplibregl.Map, lang: Lang): void {
  const strings = maplibreLocale(lang);
  const withLocale = map as unknown as WithLocale;
  withLocale._locale = {...withLocale._locale, ...strings};
  const container = map.getContainer();
  for (const [selector, id] of LABELLED) {
    for (const el of container.querySelectorAll<HTMLElement>(selector)) {
      el.title = strings[id];
      el.setAttribute('aria-label', strings[id]);
    }
  }
  map.getCanvas().setAttribute('aria-label', strings['Map.Title']);
}

/**
 * Store → MapLibre's own labels: the map is made with the UI language's strings (create-map.ts);
 * a language switch relabels the controls. Attach before the attribution behaviour, which
 * makes its control again on a switch and so takes the new strings.
 */
export function attachControlLocale(map: maplibregl.Map, store: MapStore): Detach {
  return store.subscribe((state, prev) => {
    if (state.lang !== prev.lang) applyControlLocale(map, state.lang);
  });
}
