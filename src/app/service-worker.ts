import {registerSW} from 'virtual:pwa-register';
import {useAppStore} from '../state/store';

/** Registers the precaching service worker so the app opens offline after the first visit. */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  registerSW({
    immediate: true,
    onOfflineReady: () => useAppStore.getState().setOfflineReady(true),
    onRegisterError: (err: unknown) => console.warn('service worker registration failed', err),
  });
}
