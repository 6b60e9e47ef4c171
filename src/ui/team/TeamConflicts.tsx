import {useState} from 'react';
import {localeOf} from '../../i18n/lang';
import {t} from '../../i18n/messages';
import type {Conflict} from '../../sync/protocol';
import {useShallow} from 'zustand/react/shallow';
import {useAppStore} from '../../state/store';
import {visibleConflicts} from '../../state/team-slice';

/** A field's value as a cell: shapes by their vertex count, empty values as a dash. */
function valueText(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'object' && value !== null && 'type' in value && 'coordinates' in value) {
    const n = JSON.stringify((value as {coordinates: unknown}).coordinates).match(/\[-?\d/g)?.length ?? 0;
    return `${(value as {type: string}).type} · ${n}`;
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function ConflictItem({conflict, canResolve}: {conflict: Conflict; canResolve: boolean}) {
  const lang = useAppStore((s) => s.lang);
  const name = useAppStore((s) => s.plots[conflict.plotId]?.plot.properties.name ?? conflict.plotId);
  const [choice, setChoice] = useState<Record<string, 'mine' | 'theirs'>>(() => Object.fromEntries(conflict.fields.map((f) => [f.field, 'theirs'])));
  const time = new Intl.DateTimeFormat(localeOf(lang), {dateStyle: 'short', timeStyle: 'short'}).format(new Date(conflict.createdAt));
  return (
    <li data-conflict-plot={conflict.plotId}>
      <p>
        <strong>{name}</strong> · {t('team.conflictBy', lang, {user: conflict.user, time})} · {conflict.reason}
      </p>
      {!canResolve && <p className="hint">{t('team.conflictKept', lang)}</p>}
      <table>
        <thead>
          <tr><th>{t('team.field', lang)}</th><th>{t('team.base', lang)}</th><th>{t('team.mine', lang)}</th><th>{t('team.theirs', lang)}</th></tr>
        </thead>
        <tbody>
          {conflict.fields.map((f) => (
            <tr key={f.field} data-field={f.field}>
              <th scope="row">{f.field}</th>
              <td>{valueText(f.base)}</td>
              {(['mine', 'theirs'] as const).map((side) => (
                <td key={side} data-side={side}>
                  {canResolve ? (
                    <label>
                      <input type="radio" name={`${conflict.conflictId}-${f.field}`} checked={choice[f.field] === side}
                        aria-label={`${t('team.keep', lang)} ${t(`team.${side}`, lang)}: ${f.field}`}
                        onChange={() => setChoice((c) => ({...c, [f.field]: side}))} />{' '}
                      {valueText(f[side])}
                    </label>
                  ) : (
                    valueText(f[side])
                  )}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {canResolve && (
        <button type="button" onClick={() => void useAppStore.getState().resolveTeamConflict(conflict.conflictId, choice)}>{t('team.resolve', lang)}</button>
      )}
    </li>
  );
}

/** The server's conflicts this session sees: base / mine / theirs per field; planners choose a side per field. */
export function TeamConflicts() {
  const lang = useAppStore((s) => s.lang);
  const conflicts = useAppStore(useShallow(visibleConflicts));
  const role = useAppStore((s) => (s.team.state === 'signed-in' ? s.team.user.role : null));
  const canResolve = role === 'planner' || role === 'admin';
  return (
    <section className="team-conflicts" aria-label={t('team.conflictsTitle', lang, {count: conflicts.length})}>
      <h4>{t('team.conflictsTitle', lang, {count: conflicts.length})}</h4>
      <ul>
        {conflicts.map((c) => <ConflictItem key={c.conflictId} conflict={c} canResolve={canResolve} />)}
      </ul>
    </section>
  );
}
