import {useEffect} from 'react';
import {geodataUrl} from '../catalogue/assets';
import {t} from '../i18n/messages';
import {MapView} from '../map/MapView';
import {useAppStore} from '../state/store';
import {LayerPanel} from '../ui/planner/LayerPanel';
import {InfoPanel} from '../ui/planner/InfoPanel';
import {LanguageSwitch} from '../ui/shared/LanguageSwitch';
import {StatusBar} from '../ui/shared/StatusBar';
import {urlWithLang} from './url-lang';

export function App() {
  const lang = useAppStore((s) => s.lang);
  const loadGeodata = useAppStore((s) => s.loadGeodata);

  useEffect(() => {
    void loadGeodata((file) => geodataUrl(file, window.location.href));
  }, [loadGeodata]);

  useEffect(() => {
    document.documentElement.lang = lang === 'en' ? 'en' : 'zh-CN';
    document.title = t('appTitle', lang);
    const next = urlWithLang(window.location.href, lang);
    if (next !== window.location.href) window.history.replaceState(window.history.state, '', next);
  }, [lang]);

  return (
    <div className="app">
      <header className="app-header">
        <h1>{t('appTitle', lang)}</h1>
        <LanguageSwitch />
      </header>
      <main className="app-main">
        <aside className="sidebar">
          <LayerPanel />
          <InfoPanel />
        </aside>
        <MapView />
      </main>
      <StatusBar />
    </div>
  );
}
