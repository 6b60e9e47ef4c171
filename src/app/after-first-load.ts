import type {AppState} from '../state/store';

type Settling = {
  getState: () => Pick<AppState, 'mapStatus' | 'geodataStatus'>;
  subscribe: (listener: (state: Pick<AppState, 'mapStatus' | 'geodataStatus'>) => void) => () => void;
};

const settled = (s: Pick<AppState, 'mapStatus' | 'geodataStatus'>): boolean =>
  s.mapStatus !== 'loading' || s.geodataStatus === 'error';

/**
 * Runs `run` once the first load is over: the map's first idle, or the map or its layer files
 * failing (then no idle will come, and what waits must not wait for ever). Work that the first
 * map does not need goes here, so that on a 2-core phone it does not compete with the map for
 * the CPU (issue 11: first map idle). Returns a function that cancels it if it has not run.
 */
export function afterFirstLoad(store: Settling, run: () => void): () => void {
  if (settled(store.getState())) {
    run();
    return () => {};
  }
  let done = false;
  const unsubscribe = store.subscribe((s) => {
    if (done || !settled(s)) return;
    done = true;
    unsubscribe();
    run();
  });
  return () => {
    done = true;
    unsubscribe();
  };
}
