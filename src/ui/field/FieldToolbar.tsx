import {formatArea} from '../../i18n/format';
import {reasonText} from '../../i18n/reason-text';
import {t} from '../../i18n/messages';
import {useMapCommands} from '../../map/MapCommandsProvider';
import {useAppStore} from '../../state/store';
import {editBlock} from '../../state/team-slice';

/** The field team's main actions; every control has a name a screen reader (and a test) can find. */
export function FieldToolbar() {
  const lang = useAppStore((s) => s.lang);
  const tool = useAppStore((s) => s.tool);
  const area = useAppStore((s) => s.draftAreaSquareMeters);
  const problem = useAppStore((s) => s.shapeProblem);
  const setTool = useAppStore((s) => s.setTool);
  const map = useMapCommands();
  const undo = useAppStore((s) => s.undo);
  const redo = useAppStore((s) => s.redo);
  const dismiss = useAppStore((s) => s.dismissShapeProblem);
  const drawing = tool === 'draw' || tool === 'edit-shape';
  // A viewer account cannot make plots (team sync roles).
  const blocked = useAppStore((s) => editBlock(s));

  return (
    <section className="field-toolbar" aria-label={t('tabPlots', lang)}>
      <div className="button-row">
        <button type="button" className="primary" aria-pressed={tool === 'draw'} disabled={!!blocked} title={blocked ? t(`team.blocked.${blocked}`, lang) : undefined} onClick={() => setTool(tool === 'draw' ? 'none' : 'draw')}>
          {t('newPlot', lang)}
        </button>
        <button type="button" aria-pressed={tool === 'walk'} disabled={!!blocked} title={blocked ? t(`team.blocked.${blocked}`, lang) : undefined} onClick={() => setTool(tool === 'walk' ? 'none' : 'walk')}>
          {t('walkBoundary', lang)}
        </button>
        <button type="button" onClick={() => (drawing ? void map.drawing('undo') : void undo())} aria-keyshortcuts="Control+Z">
          {t('undo', lang)}
        </button>
        <button type="button" onClick={() => (drawing ? void map.drawing('redo') : void redo())} aria-keyshortcuts="Control+Shift+Z">
          {t('redo', lang)}
        </button>
      </div>
      {drawing && (
        <div className="draw-status" role="status">
          <p>{t(tool === 'draw' ? 'drawHint' : 'editShapeHint', lang)}</p>
          <p className="live-area">
            {t('liveArea', lang)}:{' '}
            <output aria-label={t('liveArea', lang)}>
              {area === null ? '—' : `${formatArea(area, 'mu', lang, 2)} · ${formatArea(area, 'ha', lang, 3)}`}
            </output>
          </p>
          <div className="button-row">
            <button type="button" className="primary" onClick={() => void map.drawing('finish')}>
              {t(tool === 'draw' ? 'finishShape' : 'saveShape', lang)}
            </button>
            <button type="button" onClick={() => setTool('none')}>{t('cancel', lang)}</button>
          </div>
        </div>
      )}
      {problem && (
        <div className="shape-problem" role="alert">
          <strong>{t('shapeRefused', lang)}:</strong> {reasonText(problem, lang)}
          {problem.location && (
            <span className="where">
              {' '}({t('at', lang)} {problem.location[0].toFixed(6)}°E, {problem.location[1].toFixed(6)}°N)
            </span>
          )}
          <button type="button" onClick={dismiss}>{t('dismiss', lang)}</button>
        </div>
      )}
    </section>
  );
}
