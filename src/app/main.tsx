import {StrictMode} from 'react';
import {createRoot} from 'react-dom/client';
import {geodataUrl} from '../catalogue/assets';
import {LANGS, langFromSearch} from '../i18n/lang';
import {loadWords} from '../i18n/messages';
import {useAppStore} from '../state/store';
import {startTallyService} from '../state/tally-service';
import {MapCommandsProvider} from '../map/MapCommandsProvider';
import {prewarmMap} from '../map/behaviours/create-map';
import {App} from './App';
import {afterFirstLoad} from './after-first-load';
import {preloadPanels} from './lazy-panel';
import {registerUiFonts} from './ui-fonts';
import {registerServiceWorker} from './service-worker';
import './styles.css';

registerUiFonts();
// The service worker's first install downloads every file of the app (~7 MB) to precache it;
// started with the page it competed with the first map for a 2-core device's CPU (issue 11:
// first map idle). It starts once the map is idle (or it or its layer files have failed).
afterFirstLoad(useAppStore, registerServiceWorker);
// Then every lazy panel's code is fetched in the background, so a form opened offline later in
// this visit does not depend on the network (there is no service worker in control yet).
// The other language's words come with them, so a switch with no network later in the visit works.
afterFirstLoad(useAppStore, () => {
  const idle = window.requestIdleCallback ?? ((f: () => void) => window.setTimeout(f, 200));
  idle(() => {
    preloadPanels();
    for (const lang of LANGS) void loadWords(lang).catch(() => undefined);
  }, {timeout: 3000});
});
const lang = langFromSearch(window.location.search);
// The layer files are fetched before React's first render, not after it: the map, made at the
// first render, takes them in as they come (issue 11: first map idle). App's own call then
// finds them loading.
void useAppStore.getState().loadGeodata((file) => geodataUrl(file, window.location.href));
prewarmMap();
// The tally in a worker (issue 11); without workers the page tallies itself.
if (typeof Worker !== 'undefined') {
  try {
    startTallyService(useAppStore);
  } catch {
    // tallied on the page
  }
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
// The page's language's words before the first render (the English ones are a chunk of their
// own); the layer files and MapLibre's workers are already on their way. Should they not load
// (no network, no service worker yet), the page opens in Chinese and says why. (A promise, not a top-level
// await: with one, the bundler split the entry's modules into some twenty chunks of their own.)
void loadWords(lang).then(() => useAppStore.getState().setLang(lang), () => useAppStore.getState().langUnavailable(lang)).then(() => {
  createRoot(root).render(
    <StrictMode>
      <MapCommandsProvider>
        <App />
      </MapCommandsProvider>
    </StrictMode>,
  );
});
