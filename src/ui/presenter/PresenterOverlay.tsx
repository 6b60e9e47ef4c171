import {useEffect, useState} from 'react';
import {muToSquareMeters} from '../../geo/units';
import {formatArea, formatPercent} from '../../i18n/format';
import {t} from '../../i18n/messages';
import {selectTally, todayIso} from '../../state/selectors';
import {useAppStore} from '../../state/store';
import {leaveFullScreen, toggleFullScreen} from './full-screen';
import {MapLegend} from './MapLegend';
import {lt} from '../shared/layout-messages';

/** Keys a presenter's clicker or keyboard sends. */
function onKey(e: KeyboardEvent): void {
  const s = useAppStore.getState();
  if (s.presenting === null || e.altKey || e.ctrlKey || e.metaKey) return;
  if (e.key === 'ArrowRight' || e.key === ' ' || e.key === 'PageDown') s.nextSlide();
  else if (e.key === 'ArrowLeft' || e.key === 'PageUp') s.previousSlide();
  else if (e.key === 'f' || e.key === 'F') toggleFullScreen();
  else if (e.key === 'Escape') {
    leaveFullScreen();
    s.stopPresenting();
  } else return;
  e.preventDefault();
}

/** Presenting: the slide's caption large, legend and progress on the map, no editing chrome. */
export function PresenterOverlay() {
  const lang = useAppStore((s) => s.lang);
  const index = useAppStore((s) => s.presenting);
  const slide = useAppStore((s) => (s.presenting === null ? undefined : s.slides[s.presenting]));
  const count = useAppStore((s) => s.slides.length);
  const tally = useAppStore((s) => selectTally(s, todayIso()));
  // The title and legend sit in one corner, away from the plots in the middle of the slide's
  // view; the presenter can hide either or move both to the other side (issue 12).
  const [titleShown, setTitleShown] = useState(true);
  const [legendShown, setLegendShown] = useState(true);
  const [side, setSide] = useState<'left' | 'right'>('left');

  useEffect(() => {
    if (index === null) return;
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [index]);

  if (index === null || !slide) return null;
  const s = useAppStore.getState();
  return (
    <div className={`presenter-overlay side-${side}`} data-testid="presenter">
      <div className="presenter-stack">
        {titleShown && <h2 className="presenter-title" data-testid="presenter-caption">{slide.caption[lang] || t('sheetTitle', lang)}</h2>}
        {legendShown && <MapLegend className="presenter-legend" />}
      </div>
      <div className="presenter-progress" role="group" aria-label={t('progress', lang)}>
        <div className="presenter-figure">
          <strong>{formatArea(tally.remediatedSquareMeters, 'mu', lang)}</strong> / {formatArea(muToSquareMeters(tally.targetMu), 'mu', lang)} ·{' '}
          <strong>{formatPercent(tally.percentOfTarget / 100, lang)}</strong> · {t('asOf', lang)} {tally.pace.asOf}
        </div>
        <meter min={0} max={1} value={Math.min(1, tally.percentOfTarget / 100)} aria-label={t('ofTarget', lang)} />
        <div className="presenter-nav">
          <button type="button" onClick={() => s.previousSlide()} disabled={index === 0}>{t('previous', lang)}</button>
          <span data-testid="slide-position">{t('slideOf', lang)} {index + 1} / {count}</span>
          <button type="button" onClick={() => s.nextSlide()} disabled={index + 1 >= count}>{t('next', lang)}</button>
          <button type="button" onClick={() => toggleFullScreen()}>{t('fullScreen', lang)}</button>
          <button type="button" onClick={() => { leaveFullScreen(); s.stopPresenting(); }}>{t('leavePresentation', lang)}</button>
        </div>
        <div className="presenter-nav presenter-layout">
          <button type="button" aria-pressed={!titleShown} onClick={() => setTitleShown(!titleShown)}>{lt(titleShown ? 'hideTitle' : 'showTitle', lang)}</button>
          <button type="button" aria-pressed={!legendShown} onClick={() => setLegendShown(!legendShown)}>{lt(legendShown ? 'hideLegend' : 'showLegend', lang)}</button>
          <button type="button" onClick={() => setSide(side === 'left' ? 'right' : 'left')} aria-label={lt('moveOverlays', lang)}>{side === 'left' ? '→' : '←'}</button>
        </div>
        <p className="presenter-keys">{t('presenterKeys', lang)}</p>
      </div>
    </div>
  );
}
