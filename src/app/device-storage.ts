import {PlotRepository} from '../state/persistence/plot-repository';
import {requestPersistentStorage} from '../state/persistence/storage-persistence';
import {useAppStore} from '../state/store';

/**
 * Opens the on-device plot database and asks the browser to keep it (persistent storage).
 * A failure is shown to the user; edits then stay in memory and can be exported.
 */
export async function connectDeviceStorage(): Promise<void> {
  const store = useAppStore.getState();
  store.setStorage({db: 'opening'});
  try {
    const repo = await PlotRepository.open({
      actor: store.lastValues?.team || 'device',
      onReloadRequired: () => useAppStore.getState().setStorage({db: 'reload-required'}),
    });
    if (repo.status === 'reload-required') store.setStorage({db: 'reload-required'});
    else await store.connectRepository(repo);
  } catch (err) {
    store.setStorage({db: 'unavailable', error: err instanceof Error ? err.message : String(err)});
  }
  useAppStore.getState().setStorage({persisted: await requestPersistentStorage()});
}
