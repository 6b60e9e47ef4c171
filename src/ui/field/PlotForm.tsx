import {useMemo, useState} from 'react';
import type {FormEvent} from 'react';
import {MEASURES, STATUSES} from '../../../seeds/programme';
import type {MeasureCode, PlotStatus} from '../../../seeds/programme';
import {plotAreaSquareMeters} from '../../state/plot-area';
import {formatArea} from '../../i18n/format';
import {t} from '../../i18n/messages';
import type {FormDraft} from '../../state/field-slice';
import {OTHER_ZONE, subsidenceZones} from '../../state/new-plot';
import {formValuesOf, needsCompletionDate, type FormProblem, type FormValues} from '../../state/plot-form-slice';
import {useAppStore} from '../../state/store';
import {PhotoStrip} from './PhotoStrip';

type Editable = FormValues;
const needsDate = needsCompletionDate;

const PROBLEM_WORDS = {'required-missing': 'requiredMissing', 'completed-required': 'completedRequired'} as const;

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
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const zones = useMemo(() => subsidenceZones({geodata}), [geodata]);

  const area = plotAreaSquareMeters(draft.plot);
  const set = <K extends keyof Editable>(key: K, value: Editable[K]) => setValues({...values, [key]: value});

  const problemText = (problem: FormProblem) => (problem.code === 'not-saved' ? `${t('notSaved', lang)}: ${problem.message}` : t(PROBLEM_WORDS[problem.code], lang));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const result = await submitForm(values, pending);
    if (!result.ok) setError(problemText(result.problem));
    setBusy(false);
  };

  const remove = async () => {
    if (!window.confirm(t('confirmDelete', lang))) return;
    const result = await deleteFormPlot();
    if (!result.ok) setError(problemText(result.problem));
  };

  const field = (key: 'name' | 'team', required: boolean) => (
    <label className="field">
      <span>{t(key, lang)}{required && <abbr title={t('required', lang)}> *</abbr>}</span>
      <input type="text" value={values[key]} required={required} onChange={(e) => set(key, e.currentTarget.value)} />
    </label>
  );

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
        <label className="field">
          <span>{t('completed', lang)}{needsDate(values.status) && <abbr title={t('required', lang)}> *</abbr>}</span>
          <input type="date" value={values.completed ?? ''} required={needsDate(values.status)}
            onChange={(e) => set('completed', e.currentTarget.value || null)} />
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
        {error && <p role="alert" className="error">{error}</p>}
        <div className="button-row">
          <button type="submit" className="primary" disabled={busy}>{t('save', lang)}</button>
          <button type="button" onClick={() => openForm(null)}>{t('cancel', lang)}</button>
          {!draft.isNew && <button type="button" className="danger" onClick={() => void remove()}>{t('delete', lang)}</button>}
        </div>
      </form>
    </section>
  );
}
