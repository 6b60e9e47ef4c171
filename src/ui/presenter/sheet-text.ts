import {POLICY_SOURCE} from '../../../seeds/programme';
import {attributionText} from '../../catalogue/style';
import {t} from '../../i18n/messages';
import type {SheetText} from '../../map/map-export';
import {selectTally, todayIso} from '../../state/selectors';
import {layerCollections, placeOfView, slideCaption} from '../../state/slide-caption';
import type {AppState} from '../../state/store';
import {selectZonesSource} from '../../state/zones-slice';

/**
 * What an exported sheet says: the slide's caption while presenting, else the figures as a
 * sentence. `now` is the moment of the export: the file name is made from the same one.
 */
export function sheetTextOf(s: AppState, now: Date = new Date()): SheetText {
  const lang = s.lang;
  const today = todayIso(now);
  const tally = selectTally(s, today);
  const slide = s.presenting !== null ? s.slides[s.presenting] : undefined;
  const place = s.camera ? placeOfView(s.camera, layerCollections(s.geodata)) : null;
  const subtitle = slide?.caption[lang] || slideCaption({asOf: tally.pace.asOf, remediatedMu: tally.remediatedMu, percentOfTarget: tally.percentOfTarget}, lang, s.filters, place);
  return {
    lang,
    title: t('sheetTitle', lang),
    subtitle,
    dateLine: `${t('sheetAsOf', lang)}: ${tally.pace.asOf} · ${t('sheetMade', lang)}: ${today}`,
    sources: `${t('sheetSources', lang)}: ${attributionText(lang)} | ${lang === 'zh' ? POLICY_SOURCE.titleZh : POLICY_SOURCE.titleEn} (${POLICY_SOURCE.published})`,
    crsNote: t('crsNote', lang),
    layerState: s.layerState,
    zonesSource: selectZonesSource(s),
  };
}
