import {createContext, useContext, useState} from 'react';
import type {ReactNode} from 'react';
import {createMapCommandHub} from './map-commands';
import type {MapCommandHub, MapCommands} from './map-commands';

const HubContext = createContext<MapCommandHub | null>(null);

/** One command hub for the app: the map attaches to it, the UI calls through it. */
export function MapCommandsProvider({children}: {readonly children: ReactNode}) {
  const [hub] = useState(createMapCommandHub);
  return <HubContext.Provider value={hub}>{children}</HubContext.Provider>;
}

function useHub(): MapCommandHub {
  const hub = useContext(HubContext);
  if (!hub) throw new Error('map commands used outside <MapCommandsProvider>');
  return hub;
}

/** The typed commands the UI gives the map (fly, zoom, drawing, export); queued until the map is made. */
export function useMapCommands(): MapCommands {
  return useHub().commands;
}

/** For MapView only: where it attaches the map's implementation. */
export function useMapCommandHub(): MapCommandHub {
  return useHub();
}
