import {StrictMode} from 'react';
import {createRoot} from 'react-dom/client';
import {langFromSearch} from '../i18n/lang';
import {useAppStore} from '../state/store';
import {MapCommandsProvider} from '../map/MapCommandsProvider';
import {App} from './App';
import {registerUiFonts} from './ui-fonts';
import {registerServiceWorker} from './service-worker';
import './styles.css';

registerUiFonts();
registerServiceWorker();
useAppStore.getState().setLang(langFromSearch(window.location.search));

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <MapCommandsProvider>
      <App />
    </MapCommandsProvider>
  </StrictMode>,
);
