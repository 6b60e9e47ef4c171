import type {StateCreator} from 'zustand';
import type {AppState} from './store';

export type UpdateSlice = {
  /** A new build of the app is installed and waiting; it takes over only when the user reloads. */
  updateReady: boolean;
  /** Called by the service-worker registration with the function that activates the new build and reloads. */
  offerUpdate: (activate: () => Promise<void> | void) => void;
  /**
   * Reloads into the new build, unless something is being edited (then returns false and
   * nothing happens: an open form is never thrown away).
   */
  applyUpdate: () => boolean;
};

/**
 * Whether reloading now would throw away work: an open form, a shape being drawn, edited or
 * walked, a conflict waiting for a choice, an import staged but not committed.
 */
export function selectIsEditing(s: Pick<AppState, 'form' | 'tool' | 'conflicts' | 'importPreview'>): boolean {
  return s.form !== null || s.tool !== 'none' || s.conflicts.length > 0 || s.importPreview.length > 0;
}

export const createUpdateSlice: StateCreator<AppState, [], [], UpdateSlice> = (set, get) => {
  let activate: (() => Promise<void> | void) | null = null;
  return {
    updateReady: false,
    offerUpdate: (fn) => {
      activate = fn;
      set({updateReady: true});
    },
    applyUpdate: () => {
      if (!activate || selectIsEditing(get())) return false;
      void activate();
      return true;
    },
  };
};
