import {useMemo, useState} from 'react';
import type {FormEvent} from 'react';
import {MEASURES, STATUSES} from '../../../seeds/programme';
import type {MeasureCode, PlotStatus} from '../../../seeds/programme';
import {plotAreaSquareMeters} from '../../state/plot-area';
import {formatArea, labelled, listSeparator} from '../../i18n/format';
import {t} from '../../i18n/messages';
import type {FormDraft} from '../../state/field-slice';
import {OTHER_ZONE, subsidenceZones} from '../../state/new-plot';
import {formValuesOf, missingFields, needsCompletionDate, type FormProblem, type FormValues, type MissingField} from '../../state/plot-form-slice';
import {useAppStore} from '../../state/store';
import {PhotoStrip} from './PhotoStrip';

type Editable = FormValues;
const needsDate = needsCompletionDate;

/**
 * The plot form. Nothing is shown as saved until the store's commit to IndexedDB resolves;
 * a failed write leaves the form's values in memory and the plot marked “not saved”.
 */
export function PlotForm() {
  const draft = useAppStore((s) => s.form);
  // A new form per opening: its fields start from the plot, never from a previous one.
  return draft ? <PlotFormBody key={`${draft.plot.properties.id}:${draft.isNew}`} draft={draft} /> : null;
}

function PlotFormBody({draft}: {draft: FormDraft}) {
  const lang = useAppStore((s) => s.lang);
  const geodata = useAppStore((s) => s.geodata);
  const lastValues = useAppStore((s) => s.lastValues);
  const {openForm, submitForm, deleteFormPlot} = useAppStore.getState();
  const [values, setValues] = useState<Editable>(() => formValuesOf(draft.plot));
  const [pending, setPending] = useState<File[]>([]);
  const [error, setError] = useState<FormProblem | null>(null);
  const [busy, setBusy] = useState(false);
  // Fields are marked missing once a save was tried, and stay marked until filled.
  const [tried, setTried] = useState(false);
  const zones = useMemo(() => subsidenceZones({geodata}), [geodata]);

  const area = plotAreaSquareMeters(draft.plot);
  const set = <K extends keyof Editable>(key: K, value: Editable[K]) => setValues({...values, [key]: value});

  const missing: readonly MissingField[] = tried ? missingFields(values) : [];
  const missingText = missing.map((f) => t(f, lang)).join(listSeparator(lang));
  // A storage failure as it was; a missing field only while it is still missing, each named.
  const alert = error?.code === 'not-saved'
    ? labelled(t('notSaved', lang), error.message, lang)
    : missing.length > 0 ? labelled(t('requiredMissing', lang), missingText, lang) : null;
  /** A missing field's marks: aria-invalid, and its own message read with it. */
  const invalid = (key: MissingField) =>
    missing.includes(key) ? {'aria-invalid': true as const, 'aria-describedby': `missing-${key}`} : {};
  const missingNote = (key: MissingField) =>
    missing.includes(key) && (
      <span className="field-missing" id={`missing-${key}`}>{t(key === 'completed' ? 'completedRequired' : 'fieldRequired', lang, {field: t(key, lang)})}</span>
    );

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    // The store's update comes before the form's own: the tally service's message to its worker
    // (queued in a microtask by that update) then goes out before React's render of the click,
    // and the worker recounts while the page renders, instead of after (issue 11: one edit).
    const saving = submitForm(values, pending);
    setTried(true);
    setBusy(true);
    const result = await saving;
    setError(result.ok ? null : result.problem);
    setBusy(false);
  };

  const remove = async () => {
    if (!window.confirm(t('confirmDelete', lang))) return;
    const result = await deleteFormPlot();
    if (!result.ok) setError(result.problem);
  };

  const field = (key: 'name' | 'team', required: boolean) => (
    <label className={missing.includes(key) ? 'field missing' : 'field'}>
      <span>{t(key, lang)}{required && <abbr title={t('required', lang)}> *</abbr>}</span>
      <input type="text" value={values[key]} required={required} onChange={(e) => set(key, e.currentTarget.value)} {...invalid(key)} />
      {missingNote(key)}
    </label>
  );

  // A freshly drawn shape is lost when its form is cancelled: ask first.
  const cancel = () => {
    if (draft.isNew && !window.confirm(t('confirmDiscardShape', lang))) return;
    openForm(null);
  };

  return (
    <section className="plot-form-wrap" role="dialog" aria-label={t('plotForm', lang)}>
      <form className="plot-form" onSubmit={(e) => void submit(e)} noValidate>
        <header>
          <h2>{t('plotForm', lang)}</h2>
          <p className="area">{t('area', lang)}: {formatArea(area, 'mu', lang, 2)} · {formatArea(area, 'ha', lang, 3)}</p>
        </header>
        {lastValues && draft.isNew && (
          <button type="button" onClick={() => setValues({...values, ...lastValues})}>{t('repeatLast', lang)}</button>
        )}
        {field('name', true)}
        <label className="field">
          <span>{t('zone', lang)}</span>
          <select value={values.zone} onChange={(e) => set('zone', e.currentTarget.value)}>
            {zones.map((z) => <option key={z.properties.id} value={z.properties.id}>{lang === 'en' ? z.properties.name_en : z.properties.name_zh}</option>)}
            <option value={OTHER_ZONE}>{t('zoneOther', lang)}</option>
            {!zones.some((z) => z.properties.id === values.zone) && values.zone !== OTHER_ZONE && <option value={values.zone}>{values.zone}</option>}
          </select>
        </label>
        <label className="field">
          <span>{t('measure', lang)}</span>
          <select value={values.measure} onChange={(e) => set('measure', e.currentTarget.value as MeasureCode)}>
            {MEASURES.map((m) => <option key={m.code} value={m.code}>{m[lang]}</option>)}
          </select>
        </label>
        <label className="field">
          <span>{t('status', lang)}</span>
          <select value={values.status} onChange={(e) => set('status', e.currentTarget.value as PlotStatus)}>
            {STATUSES.map((s) => <option key={s.code} value={s.code}>{s[lang]}</option>)}
          </select>
        </label>
        <label className={missing.includes('completed') ? 'field missing' : 'field'}>
          <span>{t('completed', lang)}{needsDate(values.status) && <abbr title={t('required', lang)}> *</abbr>}</span>
          <input type="date" value={values.completed ?? ''} required={needsDate(values.status)}
            onChange={(e) => set('completed', e.currentTarget.value || null)} {...invalid('completed')} />
          {missingNote('completed')}
          {needsDate(values.status) && !values.completed && <span className="warning" role="note" data-testid="undated-warning">{t('zone.undatedForm', lang)}</span>}
        </label>
        {field('team', true)}
        <label className="field">
          <span>{t('notes', lang)}</span>
          <textarea rows={3} value={values.notes} onChange={(e) => set('notes', e.currentTarget.value)} />
        </label>
        <label className="field">
          <span>{t('photos', lang)}</span>
          <input type="file" accept="image/*" capture="environment" multiple aria-label={t('addPhoto', lang)}
            onChange={(e) => setPending([...pending, ...Array.from(e.currentTarget.files ?? [])])} />
        </label>
        <PhotoStrip plotId={draft.isNew ? null : draft.plot.properties.id} pending={pending} />
        {alert && <p role="alert" className="error">{alert}</p>}
        <div className="button-row">
          <button type="submit" className="primary" disabled={busy}>{t('save', lang)}</button>
          <button type="button" onClick={cancel}>{t('cancel', lang)}</button>
          {!draft.isNew && <button type="button" className="danger" onClick={() => void remove()}>{t('delete', lang)}</button>}
        </div>
      </form>
    </section>
  );
}
