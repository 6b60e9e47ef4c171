import {useRef, useState} from 'react';
import {t} from '../../i18n/messages';
import {useMapCommands} from '../../map/MapCommandsProvider';
import {slidesFromJson, slidesToJson} from '../../state/presenter-slice';
import type {Camera} from '../../state/presenter-slice';
import type {PlotFilters} from '../../state/filters-slice';
import {selectTally, tallyWithFilters, todayIso} from '../../state/selectors';
import {layerCollections, placeOfView, slideCaption} from '../../state/slide-caption';
import {useAppStore} from '../../state/store';
import {SharedConflicts} from '../admin/SharedConflicts';
import {downloadText} from '../shared/download';
import {enterFullScreen} from './full-screen';

/** CSS pixels across a slide's thumbnail image (shown at most this wide in the list). */
const THUMBNAIL_WIDTH = 200;

/** The presenter's slide list: add from the current view, caption, reorder, delete, share as JSON. */
export function SlidePanel() {
  const lang = useAppStore((s) => s.lang);
  const slides = useAppStore((s) => s.slides);
  const save = useAppStore((s) => s.slidesSave);
  const hasCamera = useAppStore((s) => s.camera !== null);
  const fileInput = useRef<HTMLInputElement>(null);
  const map = useMapCommands();
  const [importNote, setImportNote] = useState<string | null>(null);

  /** The caption written from the figures and the place `camera` shows (the view now, or a slide's own). */
  const captionFromData = (camera: Camera | null, filters?: PlotFilters) => {
    const s = useAppStore.getState();
    const f = filters ?? s.filters;
    const tally = f === s.filters ? selectTally(s, todayIso()) : tallyWithFilters(s, f, todayIso());
    const figures = {asOf: tally.pace.asOf, remediatedMu: tally.remediatedMu, percentOfTarget: tally.percentOfTarget};
    const place = camera ? placeOfView(camera, layerCollections(s.geodata)) : null;
    return {zh: slideCaption(figures, 'zh', f, place), en: slideCaption(figures, 'en', f, place)};
  };

  const importFile = async (file: File) => {
    const read = slidesFromJson(await file.text(), () => crypto.randomUUID());
    if ('error' in read) {
      setImportNote(`${t('importSlides', lang)}: ${read.error}`);
      return;
    }
    const s = useAppStore.getState();
    s.replaceSlides([...s.slides, ...read.slides]);
    setImportNote(`${t('slidesImported', lang)}: ${read.slides.length}`);
  };

  return (
    <section className="panel slide-panel" aria-labelledby="slides-heading">
      <h2 id="slides-heading">{t('slides', lang)}</h2>
      <SharedConflicts kind="slide" />
      <div className="slide-actions">
        <button type="button" className="primary" disabled={!hasCamera} onClick={() => {
          const slide = useAppStore.getState().addSlide(captionFromData(useAppStore.getState().camera));
          // A small picture of the view for the list; the slide stands without it if the map cannot give one.
          if (slide) map.thumbnail(THUMBNAIL_WIDTH).then((url) => useAppStore.getState().setThumbnail(slide.id, url), () => undefined);
        }}>
          {t('addSlide', lang)}
        </button>
        <button type="button" disabled={slides.length === 0} onClick={() => {
          enterFullScreen();
          useAppStore.getState().startPresenting(0);
        }}>{t('present', lang)}</button>
      </div>
      {save.state === 'not-saved' && <p className="error" role="alert">{t('slidesNotSaved', lang)}: {save.message}</p>}
      {slides.length === 0 && <p className="hint">{t('noSlides', lang)}</p>}
      <ol className="slide-list">
        {slides.map((slide, i) => (
          <li key={slide.id} data-testid="slide-item">
            <div className="slide-row-head">
              <strong>{i + 1}</strong>
              {slide.thumbnail && <img className="slide-thumbnail" src={slide.thumbnail} alt={`${t('slideThumbnail', lang)} ${i + 1}`} data-testid="slide-thumbnail" />}
              <span className="hint">z{slide.camera.zoom.toFixed(1)} · {slide.camera.center.map((v) => v.toFixed(3)).join(', ')}</span>
              <button type="button" className="icon-button" aria-label={`${t('moveUp', lang)} ${i + 1}`} disabled={i === 0} onClick={() => useAppStore.getState().moveSlide(slide.id, -1)}>↑</button>
              <button type="button" className="icon-button" aria-label={`${t('moveDown', lang)} ${i + 1}`} disabled={i === slides.length - 1} onClick={() => useAppStore.getState().moveSlide(slide.id, 1)}>↓</button>
              <button type="button" className="icon-button danger" aria-label={`${t('deleteSlide', lang)} ${i + 1}`} onClick={() => useAppStore.getState().deleteSlide(slide.id)}>✕</button>
            </div>
            <label>
              <span>{t('captionZh', lang)}</span>
              <textarea rows={2} value={slide.caption.zh} onChange={(e) => useAppStore.getState().setCaption(slide.id, {...slide.caption, zh: e.currentTarget.value})} />
            </label>
            <label>
              <span>{t('captionEn', lang)}</span>
              <textarea rows={2} value={slide.caption.en} onChange={(e) => useAppStore.getState().setCaption(slide.id, {...slide.caption, en: e.currentTarget.value})} />
            </label>
            <div className="slide-row-foot">
              <button type="button" onClick={() => useAppStore.getState().setCaption(slide.id, captionFromData(slide.camera, slide.filters))}>{t('captionFromData', lang)}</button>
              <button type="button" onClick={() => {
                enterFullScreen();
                useAppStore.getState().startPresenting(i);
              }}>{t('present', lang)} {i + 1}</button>
            </div>
          </li>
        ))}
      </ol>
      <div className="slide-actions">
        <button type="button" disabled={slides.length === 0} onClick={() => downloadText(slidesToJson(slides), 'slides.json', 'application/json')}>{t('exportSlides', lang)}</button>
        <button type="button" onClick={() => fileInput.current?.click()}>{t('importSlides', lang)}</button>
        <input ref={fileInput} type="file" accept=".json,application/json" hidden aria-label={t('importSlides', lang)}
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            e.currentTarget.value = '';
            if (file) void importFile(file);
          }} />
      </div>
      {importNote && <p className="hint" role="status">{importNote}</p>}
    </section>
  );
}
