import * as maplibregl from 'maplibre-gl';
import {attributionText} from '../../catalogue/style';
import type {Detach, MapStore} from './types';

/** The sources' attribution, bottom right, in the reader's language (replaced when it changes). */
export function attachAttribution(map: maplibregl.Map, store: MapStore): Detach {
  const make = (lang: ReturnType<MapStore['getState']>['lang']) =>
    new maplibregl.AttributionControl({customAttribution: attributionText(lang)});
  let control = make(store.getState().lang);
  map.addControl(control, 'bottom-right');
  const unsubscribe = store.subscribe((state, prev) => {
    if (state.lang === prev.lang) return;
    map.removeControl(control);
    control = make(state.lang);
    map.addControl(control, 'bottom-right');
  });
  return () => {
    unsubscribe();
    map.removeControl(control);
  };
}
