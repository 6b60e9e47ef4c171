import {StrictMode} from 'react';
import {createRoot} from 'react-dom/client';
import {langFromSearch} from '../i18n/lang';
import {useAppStore} from '../state/store';
import {startTallyService} from '../state/tally-service';
import {MapCommandsProvider} from '../map/MapCommandsProvider';
import {App} from './App';
import {registerUiFonts} from './ui-fonts';
import {registerServiceWorker} from './service-worker';
import './styles.css';

registerUiFonts();
registerServiceWorker();
useAppStore.getState().setLang(langFromSearch(window.location.search));
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
createRoot(root).render(
  <StrictMode>
    <MapCommandsProvider>
      <App />
    </MapCommandsProvider>
  </StrictMode>,
);
