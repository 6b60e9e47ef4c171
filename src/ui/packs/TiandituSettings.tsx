import {TIANDITU_SETS, tiandituActive} from '../../catalogue/tianditu';
import type {TiandituSet} from '../../catalogue/tianditu';
import {t} from '../../i18n/messages';
import {useAppStore} from '../../state/store';

const SET_WORDS = {vector: 'pack.tdtVector', imagery: 'pack.tdtImagery', terrain: 'pack.tdtTerrain'} as const;

/** The optional online Tianditu basemap: off by default, the user's own key, the review number. */
export function TiandituSettings() {
  const lang = useAppStore((s) => s.lang);
  const settings = useAppStore((s) => s.tianditu);
  const status = useAppStore((s) => s.tiandituStatus);
  const {setTianditu} = useAppStore.getState();
  return (
    <fieldset className="tianditu-settings">
      <legend>{t('pack.tdtTitle', lang)}</legend>
      <p className="hint">{t('pack.tdtIntro', lang)}</p>
      <label>
        <input type="checkbox" checked={settings.enabled} onChange={(e) => setTianditu({enabled: e.currentTarget.checked})} />
        {' '}{t('pack.tdtEnable', lang)}
      </label>
      <label className="field">
        <span>{t('pack.tdtKey', lang)}</span>
        <input type="password" autoComplete="off" spellCheck={false} value={settings.key} onChange={(e) => setTianditu({key: e.currentTarget.value})} />
      </label>
      {settings.enabled && !tiandituActive(settings) && <p className="error">{t('pack.tdtKeyInvalid', lang)}</p>}
      <label className="field">
        <span>{t('pack.tdtSet', lang)}</span>
        <select value={settings.set} onChange={(e) => setTianditu({set: e.currentTarget.value as TiandituSet})}>
          {TIANDITU_SETS.map((s) => <option key={s} value={s}>{t(SET_WORDS[s], lang)}</option>)}
        </select>
      </label>
      <label className="field">
        <span>{t('pack.tdtReview', lang)}</span>
        <input type="text" value={settings.reviewNumber} placeholder="GS(2024)0000号" onChange={(e) => setTianditu({reviewNumber: e.currentTarget.value})} />
      </label>
      <p className="hint">{t('pack.tdtReviewHint', lang)}</p>
      {settings.enabled && status === 'failed' && <p role="alert" className="error">{t('pack.tdtFailed', lang)}</p>}
    </fieldset>
  );
}
