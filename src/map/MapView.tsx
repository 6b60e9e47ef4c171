import {useEffect, useRef} from 'react';
import 'maplibre-gl/dist/maplibre-gl.css';
import {useAppStore} from '../state/store';
import {useMapCommandHub} from './MapCommandsProvider';
import {mountMap} from './mount-map';

/**
 * The only component that owns a MapLibre map. React renders the container; MapLibre the rest.
 * The map is made once the store has loaded the layer files (mount-map.ts); after that every
 * change in the store that affects the picture regenerates the style, and MapLibre applies
 * the difference. The UI reaches the map through `useMapCommands()`.
 */
export function MapView() {
  const container = useRef<HTMLDivElement>(null);
  // The map is made once the layers are loaded; later changes to them (official zones loaded
  // or reverted) restyle it like any other input.
  const loaded = useAppStore((s) => s.geodata !== null);
  const hub = useMapCommandHub();

  useEffect(() => {
    const el = container.current;
    if (!el || !loaded) return;
    return mountMap(el, useAppStore, hub);
  }, [loaded, hub]);

  return <div ref={container} className="map" data-testid="map" />;
}
