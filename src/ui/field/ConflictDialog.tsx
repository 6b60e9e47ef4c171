import {useState} from 'react';
import {MEASURES, STATUSES} from '../../../seeds/programme';
import {plotAreaSquareMeters} from '../../state/plot-area';
import type {Plot} from '../../geo/plot';
import {formatArea} from '../../i18n/format';
import type {Lang} from '../../i18n/lang';
import {t, type MessageKey} from '../../i18n/messages';
import {conflictMerge, type ConflictOrigin, type EditConflict} from '../../state/conflicts-slice';
import {useAppStore} from '../../state/store';
import {GEOMETRY_FIELD, STATUS_FIELD, fieldValue, type FieldKey, type Side} from '../../sync/merge';

const ORIGIN_LABELS: Record<ConflictOrigin, MessageKey> = {
  form: 'originForm', shape: 'originShape', delete: 'originDelete', undo: 'originUndo', redo: 'originRedo', import: 'originImport', retry: 'originRetry',
};
const FIELD_LABELS: Record<string, MessageKey> = {
  [GEOMETRY_FIELD]: 'conflictShape', name: 'name', zone: 'zone', measure: 'measure', [STATUS_FIELD]: 'status', team: 'team', notes: 'notes',
};

function areaText(plot: Plot | null, lang: Lang): string {
  return plot ? formatArea(plotAreaSquareMeters(plot), 'mu', lang, 2) : t('conflictDeleted', lang);
}

function valueText(plot: Plot, field: FieldKey, lang: Lang): string {
  if (field === GEOMETRY_FIELD) return areaText(plot, lang);
  const p = plot.properties;
  if (field === STATUS_FIELD) {
    const label = STATUSES.find((s) => s.code === p.status)?.[lang] ?? p.status;
    return p.completed ? `${label} · ${p.completed}` : label;
  }
  if (field === 'measure') return MEASURES.find((m) => m.code === p.measure)?.[lang] ?? p.measure;
  const value = fieldValue(plot, field);
  if (value === null || value === undefined || value === '') return '—';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** The first waiting conflict, side by side; nothing is written until one of the buttons. */
export function ConflictDialog() {
  const conflict = useAppStore((s) => s.conflicts[0] ?? null);
  return conflict ? <ConflictBody key={`${conflict.plotId}:${conflict.theirsVersion}`} conflict={conflict} /> : null;
}

function ConflictBody({conflict}: {conflict: EditConflict}) {
  const lang = useAppStore((s) => s.lang);
  const {resolveConflict} = useAppStore.getState();
  const merge = conflictMerge(conflict);
  const [choices, setChoices] = useState<Record<FieldKey, Side>>(() =>
    Object.fromEntries((merge?.fields ?? []).map((f) => [f.field, f.suggested])));
  const [busy, setBusy] = useState(false);
  const differing = (merge?.fields ?? []).filter((f) => f.outcome !== 'same');
  const name = (conflict.mine ?? conflict.theirs)?.properties.name || conflict.plotId;

  const choose = async (resolution: Parameters<typeof resolveConflict>[1]) => {
    setBusy(true);
    await resolveConflict(conflict.plotId, resolution);
    setBusy(false);
  };

  return (
    <section className="conflict-dialog" role="dialog" aria-modal="true" aria-label={t('conflictTitle', lang)}>
      <h2>{t('conflictTitle', lang)}: {name}</h2>
      <p>{t('conflictIntro', lang)} <span className="hint">({t('conflictOrigin', lang)}: {t(ORIGIN_LABELS[conflict.origin], lang)})</span></p>
      {!conflict.theirs && <p role="alert">{t('conflictDeletedTheirs', lang)}</p>}
      {!conflict.mine && <p role="alert">{t('conflictDeletedMine', lang)}</p>}
      {(conflict.photos?.length ?? 0) > 0 && <p className="hint">{t('conflictPhotos', lang).replace('{n}', String(conflict.photos!.length))}</p>}
      <table className="conflict-table">
        <thead>
          <tr><th scope="col">{t('conflictField', lang)}</th><th scope="col">{t('conflictMine', lang)}</th><th scope="col">{t('conflictTheirs', lang)}</th></tr>
        </thead>
        <tbody>
          <tr data-field="area">
            <th scope="row">{t('area', lang)}</th>
            <td data-side="mine">{areaText(conflict.mine, lang)}</td>
            <td data-side="theirs">{areaText(conflict.theirs, lang)}</td>
          </tr>
          {merge && differing.map((f) => {
            const label = FIELD_LABELS[f.field] ? t(FIELD_LABELS[f.field]!, lang) : f.field;
            const radio = (side: Side) => (
              <label>
                <input type="radio" name={`conflict-${f.field}`} checked={choices[f.field] === side}
                  aria-label={`${label}: ${t(side === 'mine' ? 'conflictMine' : 'conflictTheirs', lang)}`}
                  onChange={() => setChoices({...choices, [f.field]: side})} />{' '}
                {valueText(side === 'mine' ? conflict.mine! : conflict.theirs!, f.field, lang)}
              </label>
            );
            return (
              <tr key={f.field} data-field={f.field} className={f.outcome === 'both' ? 'both' : undefined}>
                <th scope="row">{label}{f.outcome === 'both' && <small> · {t('conflictBoth', lang)}</small>}</th>
                <td data-side="mine">{radio('mine')}</td>
                <td data-side="theirs">{radio('theirs')}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="button-row">
        {/* The merge first: it loses nothing either side changed unless a field was changed by both. */}
        {merge && <button type="button" className="primary" disabled={busy} onClick={() => void choose({fields: choices})}>{t('saveMerge', lang)}</button>}
        <button type="button" disabled={busy} onClick={() => void choose('mine')}>{t('keepMine', lang)}</button>
        <button type="button" disabled={busy} onClick={() => void choose('theirs')}>{t('takeTheirs', lang)}</button>
      </div>
    </section>
  );
}
