import type {StateCreator} from 'zustand';
import type {PlotStatus} from '../../seeds/programme';
import type {Plot, PlotProperties} from '../geo/plot';
import type {PhotoRecord} from './persistence/plot-repository';
import {thumbnailOf} from './persistence/thumbnail';
import type {AppState} from './store';

/** What the plot form edits; the id and the edit time are the store's. */
export type FormValues = Omit<PlotProperties, 'id' | 'updated'>;

/**
 * Why a form save did not happen, for the form to word: a required field is empty, a
 * remediated or verified plot has no completion date, or storage refused the write.
 */
export type FormProblem =
  | {readonly code: 'required-missing'}
  | {readonly code: 'completed-required'}
  | {readonly code: 'not-saved'; readonly message: string};

/** `conflict`: the edit now waits in the conflict dialog (with its photos); the form closed. */
export type FormSubmitResult = {readonly ok: true; readonly conflict: boolean} | {readonly ok: false; readonly problem: FormProblem};

export type PlotFormSlice = {
  /**
   * Saves the open form: checks the values, builds the plot, writes it against the version the
   * form was opened with, then its new photos; closes the form and selects the plot once saved.
   */
  submitForm: (values: FormValues, photos?: readonly File[]) => Promise<FormSubmitResult>;
  /** Deletes the plot open in the form, against the version the form was opened with. */
  deleteFormPlot: () => Promise<FormSubmitResult>;
};

/** A remediated or verified plot must say when it was completed: the progress curve is by date. */
export const needsCompletionDate = (status: PlotStatus): boolean => status === 'remediated' || status === 'verified';

export function formValuesOf(plot: Plot): FormValues {
  const {name, zone, measure, status, completed, team, notes} = plot.properties;
  return {name, zone, measure, status, completed, team, notes};
}

/** The fields the form needs before it can save, each named so the form can mark it. */
export type MissingField = 'name' | 'team' | 'completed';

export function missingFields(values: FormValues): MissingField[] {
  const missing: MissingField[] = [];
  if (!values.name.trim()) missing.push('name');
  if (!values.team.trim()) missing.push('team');
  if (needsCompletionDate(values.status) && !values.completed) missing.push('completed');
  return missing;
}

export function formProblemOf(values: FormValues): FormProblem | null {
  if (!values.name.trim() || !values.team.trim()) return {code: 'required-missing'};
  if (needsCompletionDate(values.status) && !values.completed) return {code: 'completed-required'};
  return null;
}

/** Photo records for picked files, each with a thumbnail (the original itself where the platform cannot make one). */
export async function photoRecordsOf(files: readonly File[], plotId: string, newId: () => string = () => crypto.randomUUID()): Promise<PhotoRecord[]> {
  const records: PhotoRecord[] = [];
  for (const file of files) {
    let thumbnail: Blob;
    try {
      thumbnail = await thumbnailOf(file);
    } catch {
      thumbnail = file;
    }
    records.push({
      id: newId(), plotId, name: file.name, type: file.type,
      takenAt: new Date(file.lastModified || Date.now()).toISOString(), blob: file, thumbnail,
    });
  }
  return records;
}

export const createPlotFormSlice: StateCreator<AppState, [], [], PlotFormSlice> = (_set, get) => ({
  submitForm: async (values, photos = []) => {
    const draft = get().form;
    if (!draft) return {ok: false, problem: {code: 'not-saved', message: 'no form is open'}};
    const problem = formProblemOf(values);
    if (problem) return {ok: false, problem};
    const plot: Plot = {
      ...draft.plot,
      properties: {...draft.plot.properties, ...values, name: values.name.trim(), team: values.team.trim(), updated: new Date().toISOString()},
    };
    // Checked against the version the form was opened with: a newer save elsewhere becomes a
    // conflict for the user to decide (the conflict dialog), never an overwrite.
    const result = await get().savePlot(plot, {baseVersion: draft.isNew ? null : draft.baseVersion ?? null, basePlot: draft.basePlot ?? null, origin: draft.origin ?? 'form'});
    const id = plot.properties.id;
    if (result.ok) {
      for (const photo of await photoRecordsOf(photos, id)) await get().addPhoto(photo);
      get().openForm(null);
      get().selectPlot(id);
      return {ok: true, conflict: false};
    }
    if (result.reason === 'conflict') {
      // The conflict dialog holds this edit now, with its photos.
      if (photos.length > 0) get().attachConflictPhotos(id, await photoRecordsOf(photos, id));
      get().openForm(null);
      return {ok: true, conflict: true};
    }
    return {ok: false, problem: {code: 'not-saved', message: result.message}};
  },

  deleteFormPlot: async () => {
    const draft = get().form;
    if (!draft) return {ok: false, problem: {code: 'not-saved', message: 'no form is open'}};
    const result = await get().deletePlot(draft.plot.properties.id, {baseVersion: draft.baseVersion ?? null, basePlot: draft.basePlot ?? null, origin: 'delete'});
    if (result.ok || result.reason === 'conflict') {
      get().openForm(null);
      return {ok: true, conflict: !result.ok};
    }
    return {ok: false, problem: {code: 'not-saved', message: result.message}};
  },
});
