import {BASEMAP_SOURCE, BASEMAP_TITLE} from '../../catalogue/basemap';
import {layerById} from '../../catalogue/layers';
import {localeOf, pick} from '../../i18n/lang';
import {sourceText, withoutInternalNames} from '../../i18n/source-words';
import {ACCURACY_LABELS, KIND_LABELS} from '../../i18n/feature-labels';
import {t} from '../../i18n/messages';
import {useAppStore} from '../../state/store';

/**
 * Details of the clicked feature. Everything is rendered as React text nodes, never as
 * HTML, so a name or note holding markup is shown, not run.
 */
export function InfoPanel() {
  const lang = useAppStore((s) => s.lang);
  const selected = useAppStore((s) => s.selected);
  const select = useAppStore((s) => s.select);

  if (!selected) {
    return <p className="panel info-hint">{t('clickHint', lang)}</p>;
  }
  const p = selected.properties;
  const kind = KIND_LABELS[p.kind];
  const accuracy = ACCURACY_LABELS[p.accuracy] as {zh: string; en: string} | undefined;
  const note = lang === 'en' ? p.note_en : p.note_zh;
  const rows: [string, string][] = [
    [t('layer', lang), pick(selected.layerId === BASEMAP_SOURCE ? BASEMAP_TITLE : layerById(selected.layerId).title, lang)],
    [t('kind', lang), kind ? pick(kind, lang) : String(p.kind)],
    [t('accuracy', lang), accuracy ? pick(accuracy, lang) : String(p.accuracy)],
    [t('source', lang), sourceText(p.source, lang)],
  ];
  const km2 = (v: number) => `${v.toLocaleString(localeOf(lang))} ${lang === 'zh' ? '平方千米' : 'km²'}`;
  // "Official" only for an official statistic; report figures and the drawn outline say what they are.
  if (typeof p.area_km2_official === 'number') rows.push([t('officialArea', lang), km2(p.area_km2_official)]);
  if (typeof p.area_km2_stated === 'number') rows.push([t('statedArea', lang), km2(p.area_km2_stated)]);
  if (typeof p.area_km2_drawn === 'number') rows.push([t('drawnArea', lang), km2(p.area_km2_drawn)]);
  const areaNote = lang === 'en' ? p.area_note_en : p.area_note_zh;
  if (areaNote) rows.push([t('areaNote', lang), withoutInternalNames(String(areaNote))]);
  if (note) rows.push([t('note', lang), withoutInternalNames(String(note))]);

  return (
    <section className="panel info-panel" aria-label={t('featureInfo', lang)} data-feature-id={String(p.id)}>
      <header>
        <h2>
          <span lang="zh-CN">{String(p.name_zh)}</span>
          <span className="name-en" lang="en">{String(p.name_en)}</span>
        </h2>
        <button type="button" className="icon-button" onClick={() => select(null)} aria-label={t('close', lang)}>×</button>
      </header>
      <dl>
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
