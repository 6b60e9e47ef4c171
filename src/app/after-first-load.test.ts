import {describe, expect, it} from 'vitest';
import {createAppStore} from '../state/store';
import {afterFirstLoad} from './after-first-load';
import {MemoryStorage} from '../state/memory-storage';

const fresh = () => createAppStore(new MemoryStorage());

describe('work deferred until the first load is over', () => {
  it('waits while the map is loading and runs once at its first idle', () => {
    const store = fresh();
    let runs = 0;
    afterFirstLoad(store, () => runs++);
    store.getState().setCursor([100, 36]);
    expect(runs).toBe(0);
    store.getState().setMapStatus('ready');
    store.getState().setMapStatus('loading');
    store.getState().setMapStatus('ready');
    expect(runs).toBe(1);
  });

  it('runs when the map fails, and when the layer files fail (no idle will come then)', () => {
    const failedMap = fresh();
    let runs = 0;
    afterFirstLoad(failedMap, () => runs++);
    failedMap.getState().setMapStatus('error', 'no WebGL2');
    expect(runs).toBe(1);

    const failedData = fresh();
    afterFirstLoad(failedData, () => runs++);
    failedData.setState({geodataStatus: 'error', geodataError: 'basemap.geojson: HTTP 404'});
    expect(runs).toBe(2);
  });

  it('runs at once when the first load is already over, and not at all once cancelled', () => {
    const store = fresh();
    store.getState().setMapStatus('ready');
    let runs = 0;
    afterFirstLoad(store, () => runs++);
    expect(runs).toBe(1);

    const other = fresh();
    const cancel = afterFirstLoad(other, () => runs++);
    cancel();
    other.getState().setMapStatus('ready');
    expect(runs).toBe(1);
  });
});
