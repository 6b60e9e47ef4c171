import {useEffect, useState} from 'react';
import {formatArea, labelled} from '../../i18n/format';
import {localeOf} from '../../i18n/lang';
import {hasMessage, t} from '../../i18n/messages';
import type {Conflict} from '../../sync/protocol';
import {useShallow} from 'zustand/react/shallow';
import {THEMES} from '../../catalogue/themes';
import {conflictShapeStyle, conflictShapes, type ConflictShape, type ConflictSide} from '../../state/conflict-shapes';
import {useAppStore} from '../../state/store';
import {conflictPlot, visibleConflicts} from '../../state/team-slice';

/** A field's value as a cell: shapes by their vertex count, empty values as a dash. */
function valueText(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'object' && value !== null && 'type' in value && 'coordinates' in value) {
    const n = JSON.stringify((value as {coordinates: unknown}).coordinates).match(/\[-?\d/g)?.length ?? 0;
    return `${(value as {type: string}).type} · ${n}`;
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A small swatch drawn like the side's outline on the map (colour, dashed or solid). */
function Swatch({side}: {side: ConflictSide}) {
  const style = conflictShapeStyle(THEMES[useAppStore((s) => s.theme)].plots)[side];
  return (
    <svg className="conflict-swatch" width="22" height="12" aria-hidden="true">
      <rect x="1.5" y="1.5" width="19" height="9" fill={style.color} fillOpacity="0.15" stroke={style.color} strokeWidth="2.5" strokeDasharray={style.dash ? '5 3' : undefined} />
    </svg>
  );
}

/** The two shapes: a key to the map's colours, and each side's area in mu. */
function ShapesKey({conflict}: {conflict: Conflict}) {
  const lang = useAppStore((s) => s.lang);
  const current = useAppStore((s) => conflictPlot(s, conflict.plotId)?.plot ?? null);
  const shapes = conflictShapes(conflict, current);
  const area = (shape: ConflictShape) =>
    shape.deleted ? t('team.sideDeleted', lang) : shape.areaSquareMeters === null ? '—' : formatArea(shape.areaSquareMeters, 'mu', lang, 2);
  return (
    <div className="conflict-shapes" data-conflict-kind={shapes.kind}>
      <p className="hint">{t('team.shapesKey', lang)}</p>
      <ul>
        {(['mine', 'theirs'] as const).map((side) => (
          <li key={side} data-shape-side={side} data-shape-deleted={shapes[side].deleted}
            data-area-m2={shapes[side].areaSquareMeters === null ? '' : shapes[side].areaSquareMeters!.toFixed(1)}>
            <Swatch side={side} /> {t(side === 'mine' ? 'team.shapeMine' : 'team.shapeTheirs', lang)} ·{' '}
            {labelled(t(side === 'mine' ? 'team.areaMine' : 'team.areaTheirs', lang), area(shapes[side]), lang)}
          </li>
        ))}
      </ul>
      {shapes.kind === 'edit' && !shapes.shapeDiffers && <p className="hint">{t('team.sameShape', lang)}</p>}
    </div>
  );
}

function reasonText(reason: string, lang: 'zh' | 'en'): string {
  const key = `team.reason.${reason}`;
  return hasMessage(key) ? t(key, lang) : reason;
}

function ConflictItem({conflict, canResolve}: {conflict: Conflict; canResolve: boolean}) {
  const lang = useAppStore((s) => s.lang);
  const name = useAppStore((s) => conflictPlot(s, conflict.plotId)?.plot.properties.name ?? conflict.plotId);
  const shown = useAppStore((s) => s.teamConflictShown === conflict.conflictId);
  const [choice, setChoice] = useState<Record<string, 'mine' | 'theirs'>>(() => Object.fromEntries(conflict.fields.map((f) => [f.field, 'theirs'])));
  const [failed, setFailed] = useState(false);
  const time = new Intl.DateTimeFormat(localeOf(lang), {dateStyle: 'short', timeStyle: 'short'}).format(new Date(conflict.createdAt));
  const kind = conflictShapes(conflict, null).kind;
  const deletion = kind !== 'edit';
  const fields = conflict.fields.filter((f) => f.field !== 'deleted');
  const {showTeamConflict, resolveTeamConflict, resolveTeamDeletion} = useAppStore.getState();
  const settle = (work: Promise<boolean>) => {
    setFailed(false);
    void work.then((ok) => setFailed(!ok));
  };
  return (
    <li data-conflict-plot={conflict.plotId} data-conflict-id={conflict.conflictId} data-conflict-kind={kind}>
      <p>
        <strong>{name}</strong> · {t('team.conflictBy', lang, {user: conflict.user, time})} · {reasonText(conflict.reason, lang)}
      </p>
      {deletion && <p className="conflict-deletion" data-deleted-side={kind === 'mine-deleted' ? 'mine' : 'theirs'}>
        {t(kind === 'mine-deleted' ? 'team.mineDeleted' : 'team.theirsDeleted', lang, {user: conflict.user})}
      </p>}
      {!canResolve && <p className="hint">{t('team.conflictKept', lang)}</p>}
      <button type="button" className="conflict-show" aria-pressed={shown} onClick={() => showTeamConflict(shown ? null : conflict.conflictId)}>
        {t(shown ? 'team.hideShapes' : 'team.showShapes', lang)}
      </button>
      <ShapesKey conflict={conflict} />
      <table>
        <thead>
          <tr><th>{t('team.field', lang)}</th><th>{t('team.base', lang)}</th><th>{t('team.mine', lang)}</th><th>{t('team.theirs', lang)}</th></tr>
        </thead>
        <tbody>
          {fields.map((f) => (
            <tr key={f.field} data-field={f.field}>
              <th scope="row">{f.field}</th>
              <td>{valueText(f.base)}</td>
              {(['mine', 'theirs'] as const).map((side) => {
                const gone = (side === 'mine' && kind === 'mine-deleted') || (side === 'theirs' && kind === 'theirs-deleted');
                const text = gone ? `${t('team.deletedValue', lang)} ${side === 'mine' ? '' : valueText(f[side])}`.trim() : valueText(f[side]);
                return (
                  <td key={side} data-side={side}>
                    {canResolve && !deletion ? (
                      <label>
                        <input type="radio" name={`${conflict.conflictId}-${f.field}`} checked={choice[f.field] === side}
                          aria-label={`${t('team.keep', lang)} ${t(`team.${side}`, lang)}: ${f.field}`}
                          onChange={() => setChoice((c) => ({...c, [f.field]: side}))} />{' '}
                        {text}
                      </label>
                    ) : (
                      text
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      {canResolve && !deletion && (
        <button type="button" onClick={() => settle(resolveTeamConflict(conflict.conflictId, choice))}>{t('team.resolve', lang)}</button>
      )}
      {canResolve && deletion && (
        <p className="conflict-deletion-actions">
          <button type="button" data-keep="plot" onClick={() => settle(resolveTeamDeletion(conflict.conflictId, 'plot'))}>
            {t(kind === 'theirs-deleted' ? 'team.restorePlot' : 'team.keepPlot', lang)}
          </button>{' '}
          <button type="button" data-keep="deletion" onClick={() => settle(resolveTeamDeletion(conflict.conflictId, 'deletion'))}>
            {t(kind === 'theirs-deleted' ? 'team.keepDeleted' : 'team.deletePlot', lang)}
          </button>
        </p>
      )}
      {failed && <p role="alert" className="error">{t('team.resolveFailed', lang)}</p>}
    </li>
  );
}

/** The server's conflicts this session sees: both shapes on the map, base / mine / theirs per field; planners choose. */
export function TeamConflicts() {
  const lang = useAppStore((s) => s.lang);
  const conflicts = useAppStore(useShallow(visibleConflicts));
  const role = useAppStore((s) => (s.team.state === 'signed-in' ? s.team.user.role : null));
  const canResolve = role === 'planner' || role === 'admin';
  // A conflict over a deletion: the deleted plot's last state (its shape, its name) is read from the device.
  useEffect(() => {
    void useAppStore.getState().loadTeamConflictPlots();
  }, [conflicts]);
  return (
    <section className="team-conflicts" aria-label={t('team.conflictsTitle', lang, {count: conflicts.length})}>
      <h4>{t('team.conflictsTitle', lang, {count: conflicts.length})}</h4>
      <ul>
        {conflicts.map((c) => <ConflictItem key={c.conflictId} conflict={c} canResolve={canResolve} />)}
      </ul>
    </section>
  );
}
