import type {StateCreator} from 'zustand';
import type {Plot} from '../geo/plot';
import {combinePlot, mergePlot, type FieldKey, type PlotMerge, type Side} from '../sync/merge';
import type {CommitResult, PhotoRecord} from './persistence/plot-repository';
import type {AppState} from './store';

/** Which edit path met the newer version: the dialog says so, and a retry goes the same way. */
export type ConflictOrigin = 'form' | 'shape' | 'delete' | 'undo' | 'redo' | 'import' | 'retry';

/**
 * An edit refused because the plot changed after the edit was opened. Nothing of `mine` is
 * written until the user chooses. `theirs` is what is stored now (null when it was deleted or
 * is absent), `theirsVersion` its stored version (also a tombstone's; null when absent).
 * `mine` null is a deletion.
 */
export type EditConflict = {
  readonly plotId: string;
  readonly origin: ConflictOrigin;
  readonly base: Plot | null;
  readonly mine: Plot | null;
  readonly theirs: Plot | null;
  readonly theirsVersion: number | null;
  /** Photos taken with the edit: added to the plot whatever is chosen, as long as it exists. */
  readonly photos?: readonly PhotoRecord[];
};

/** keep mine (overwrite theirs knowingly), take theirs (drop mine), or a side per field. */
export type ConflictResolution = 'mine' | 'theirs' | {readonly fields: Readonly<Record<FieldKey, Side>>};

export type ConflictsSlice = {
  /** Stale edits waiting for the user's choice, oldest first; the dialog shows the first. */
  conflicts: readonly EditConflict[];
  raiseConflict: (conflict: EditConflict) => void;
  /** Keeps the photos taken with a refused edit until its conflict is decided. */
  attachConflictPhotos: (plotId: string, photos: readonly PhotoRecord[]) => void;
  /** Applies the user's choice; the only way a conflicting edit reaches storage. */
  resolveConflict: (plotId: string, resolution: ConflictResolution) => Promise<CommitResult | null>;
};

/** The field-by-field view of a conflict, or null when one side is a deletion (nothing to merge). */
export function conflictMerge(conflict: EditConflict): PlotMerge | null {
  return conflict.mine && conflict.theirs ? mergePlot(conflict.base, conflict.mine, conflict.theirs) : null;
}

export const createConflictsSlice: StateCreator<AppState, [], [], ConflictsSlice> = (set, get) => ({
  conflicts: [],

  raiseConflict: (conflict) => set((s) => ({conflicts: [...s.conflicts.filter((c) => c.plotId !== conflict.plotId), conflict]})),

  attachConflictPhotos: (plotId, photos) =>
    set((s) => ({conflicts: s.conflicts.map((c) => (c.plotId === plotId ? {...c, photos: [...(c.photos ?? []), ...photos]} : c))})),

  resolveConflict: async (plotId, resolution) => {
    const conflict = get().conflicts.find((c) => c.plotId === plotId);
    if (!conflict) return null;
    set((s) => ({conflicts: s.conflicts.filter((c) => c !== conflict)}));
    const result = await writeResolution(conflict, resolution, get());
    const again = get().conflicts.find((c) => c.plotId === plotId);
    if (again && conflict.photos?.length) get().attachConflictPhotos(plotId, conflict.photos);
    else if (get().plots[plotId]) for (const photo of conflict.photos ?? []) await get().addPhoto(photo);
    return result;
  },
});

/** Writes what the user chose (nothing for “theirs”). */
async function writeResolution(conflict: EditConflict, resolution: ConflictResolution, store: Pick<AppState, 'savePlot' | 'deletePlot'>): Promise<CommitResult | null> {
  if (resolution === 'theirs') return null;
  const {plotId, mine, theirs, theirsVersion} = conflict;
  if (mine === null) {
    // Delete anyway, against the version the user was shown; already gone: nothing to do.
    if (!theirs || theirsVersion === null) return null;
    return store.deletePlot(plotId, {baseVersion: theirsVersion, basePlot: theirs, origin: conflict.origin});
  }
  const chosen = resolution === 'mine' || !theirs ? mine : combinePlot(mine, theirs, resolution.fields);
  const plot: Plot = {...chosen, properties: {...chosen.properties, updated: new Date().toISOString()}};
  // Written over exactly the version shown in the dialog: if a third edit landed meanwhile,
  // this is a new conflict, never a silent overwrite.
  return store.savePlot(plot, {baseVersion: theirsVersion, basePlot: theirs, origin: conflict.origin});
}
