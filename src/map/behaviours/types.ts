import type {StoreApi} from 'zustand';
import type {AppState} from '../../state/store';

/** The store as a map behaviour sees it: read now, and hear of every change. */
export type MapStore = Pick<StoreApi<AppState>, 'getState' | 'subscribe'>;

/** Undoes what a behaviour's attach did: listeners off, controls removed, frames cancelled. */
export type Detach = () => void;
