import {localeOf, type Lang} from '../../i18n/lang';
import {t} from '../../i18n/messages';
import {useAppStore} from '../../state/store';

const OPTIONS: {lang: Lang; label: string}[] = [
  {lang: 'zh', label: '中文'},
  {lang: 'en', label: 'English'},
];

export function LanguageSwitch() {
  const lang = useAppStore((s) => s.lang);
  const setLang = useAppStore((s) => s.setLang);
  const failed = useAppStore((s) => s.langFailed);
  return (
    <div className="lang-switch" role="group" aria-label={t('language', lang)}>
      {OPTIONS.map((o) => (
        <button key={o.lang} type="button" lang={localeOf(o.lang)} aria-pressed={lang === o.lang}
          onClick={() => setLang(o.lang)}>
          {o.label}
        </button>
      ))}
      {/* A switch that could not happen says so where it was asked for, not only in the console. */}
      {failed && failed !== lang && <p className="lang-failed" role="alert">{t('langLoadFailed', lang)}</p>}
    </div>
  );
}
