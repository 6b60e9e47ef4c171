import type * as maplibregl from 'maplibre-gl';
import type {Detach} from './behaviours/types';

/**
 * Browser tests read the live map as `window.qhMap`. Only a test build sets it: mount-map.ts
 * calls this behind `import.meta.env.MODE === 'e2e'` (`vite build --mode e2e`), so the
 * production bundle drops it, and scripts/check-no-test-hook.mjs checks that after every
 * production build.
 */
export function exposeMapForTests(map: maplibregl.Map): Detach {
  const w = window as unknown as {qhMap?: maplibregl.Map};
  w.qhMap = map;
  return () => {
    if (w.qhMap === map) delete w.qhMap;
  };
}
