import {useState} from 'react';
import {createPortal} from 'react-dom';
import {formatArea, labelled} from '../../i18n/format';
import {reasonText} from '../../i18n/reason-text';
import {t} from '../../i18n/messages';
import {useMapCommands} from '../../map/MapCommandsProvider';
import {useAppStore} from '../../state/store';
import {editBlock} from '../../state/team-slice';

/** Below this zoom a plot cannot be drawn with any care: "New plot" first brings the map closer. */
export const DRAW_MIN_ZOOM = 12;
/** Where "New plot" flies to when the device's position is known. */
const DRAW_ZOOM = 17;

/** A touch screen (no Delete key, no hover): the vertex hint and controls fit a thumb. */
const isTouch = () => typeof window !== 'undefined' && window.matchMedia?.('(pointer: coarse)').matches === true;

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
  const [zoomIn, setZoomIn] = useState(false);
  const drawing = tool === 'draw' || tool === 'edit-shape';
  // A viewer account cannot make plots (team sync roles).
  const blocked = useAppStore((s) => editBlock(s));
  const touch = isTouch();

  const newPlot = () => {
    setZoomIn(false);
    if (tool === 'draw') return cancelDrawing();
    const {camera, userPosition} = useAppStore.getState();
    if ((camera?.zoom ?? 0) < DRAW_MIN_ZOOM) {
      // Zoomed out (the map starts over the whole province): go to the surveyor, else ask.
      if (!userPosition) return setZoomIn(true);
      void map.flyTo({center: [userPosition[0], userPosition[1]], zoom: DRAW_ZOOM, bearing: 0, pitch: 0});
    }
    setTool('draw');
  };

  // A freshly drawn shape with points on it is not dropped without asking.
  const cancelDrawing = () => {
    if (tool === 'draw' && useAppStore.getState().draftAreaSquareMeters !== null && !window.confirm(t('confirmDiscardShape', lang))) return;
    setTool('none');
  };

  const actions = drawing && (
    <div className="draw-actions" role="group" aria-label={t(tool === 'draw' ? 'newPlot' : 'editShape', lang)}>
      <output className="draw-actions-area" aria-hidden="true">{area === null ? '—' : formatArea(area, 'mu', lang, 2)}</output>
      {tool === 'edit-shape' && touch && (
        <button type="button" onClick={() => void map.drawing('delete-vertex')}>{t('deleteVertex', lang)}</button>
      )}
      <button type="button" className="primary" onClick={() => void map.drawing('finish')}>
        {t(tool === 'draw' ? 'finishShape' : 'saveShape', lang)}
      </button>
      <button type="button" onClick={cancelDrawing}>{t('cancel', lang)}</button>
    </div>
  );

  return (
    <section className="field-toolbar" aria-label={t('tabPlots', lang)}>
      <div className="button-row">
        <button type="button" className="primary" aria-pressed={tool === 'draw'} disabled={!!blocked} title={blocked ? t(`team.blocked.${blocked}`, lang) : undefined} onClick={newPlot}>
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
      {zoomIn && !drawing && (
        <p className="zoom-in-hint" role="alert">
          {t('zoomInToDraw', lang)} <button type="button" onClick={() => setZoomIn(false)}>{t('dismiss', lang)}</button>
        </p>
      )}
      {drawing && (
        <div className="draw-status" role="status">
          <p>{t(tool === 'draw' ? 'drawHint' : touch ? 'editShapeHintTouch' : 'editShapeHint', lang)}</p>
          <p className="live-area">
            {labelled(t('liveArea', lang), '', lang)}
            <output aria-label={t('liveArea', lang)}>
              {area === null ? '—' : `${formatArea(area, 'mu', lang, 2)} · ${formatArea(area, 'ha', lang, 3)}`}
            </output>
          </p>
        </div>
      )}
      {/* Save/Cancel float over the map, within a thumb's reach, whichever panel is open. */}
      {actions && createPortal(actions, document.body)}
      {problem && (
        <div className="shape-problem" role="alert">
          <strong>{labelled(t('shapeRefused', lang), '', lang)}</strong>{reasonText(problem, lang)}
          {problem.location && (
            <span className="where">
              {lang === 'zh' ? '（' : ' ('}{t('at', lang)} {problem.location[0].toFixed(6)}°E, {problem.location[1].toFixed(6)}°N{lang === 'zh' ? '）' : ')'}
            </span>
          )}
          <button type="button" onClick={dismiss}>{t('dismiss', lang)}</button>
        </div>
      )}
    </section>
  );
}
