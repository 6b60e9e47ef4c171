import {PlotRepository} from '../state/persistence/plot-repository';
import {createPlotWriter} from '../state/persistence/plot-writer';
import {requestPersistentStorage} from '../state/persistence/storage-persistence';
import {useAppStore} from '../state/store';

/**
 * Opens the on-device plot database and asks the browser to keep it (persistent storage).
 * A failure is shown to the user; edits then stay in memory and can be exported.
 */
export async function connectDeviceStorage(): Promise<void> {
  const store = useAppStore.getState();
  store.setStorage({db: 'opening'});
  const open = () =>
    PlotRepository.open({
      actor: useAppStore.getState().lastValues?.team || 'device',
      onReloadRequired: () => useAppStore.getState().setStorage({db: 'reload-required'}),
      onConnectionLost: () => void recover(),
      // An import's batches are written by a worker: the main thread stays free (issue 11).
      plotWriter: typeof Worker === 'function' ? (database, actor) => createPlotWriter(database, actor) : undefined,
    });
  // The database went away under the page (site data cleared, the browser closed it): reopen
  // and let the store compare what is still stored with what this page showed as saved.
  const recover = async () => {
    useAppStore.getState().storageLost();
    // Chromium refuses to open while it is still deleting the cleared database ("AbortError:
    // The connection was closed"): try again a few times, a little later each time.
    let lastError: unknown = null;
    for (let attempt = 1; attempt <= 6; attempt++) {
      try {
        const again = await open();
        if (again.status === 'reload-required') useAppStore.getState().setStorage({db: 'reload-required'});
        else await useAppStore.getState().recoverRepository(again);
        return;
      } catch (err) {
        lastError = err;
        await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
      }
    }
    useAppStore.getState().setStorage({db: 'unavailable', error: lastError instanceof Error ? lastError.message : String(lastError)});
  };
  try {
    const repo = await open();
    if (repo.status === 'reload-required') store.setStorage({db: 'reload-required'});
    else {
      await store.connectRepository(repo);
      // Photos kept from before photos had hashes: hashed in the background so they sync.
      void useAppStore.getState().hashStoredPhotos();
    }
  } catch (err) {
    store.setStorage({db: 'unavailable', error: err instanceof Error ? err.message : String(err)});
  }
  useAppStore.getState().setStorage({persisted: await requestPersistentStorage()});
}
