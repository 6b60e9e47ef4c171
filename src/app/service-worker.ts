import {registerSW} from 'virtual:pwa-register';
import {useAppStore} from '../state/store';

/**
 * Registers the precaching service worker so the app opens offline after the first visit.
 * A new build waits (registerType 'prompt'): the page is told, and the user reloads into it
 * when nothing is being edited (src/state/update-slice.ts) — never a reload that drops a form.
 * When another tab activated the new build, this tab is not reloaded either: it offers the
 * reload the same way.
 */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  let requestedHere = false;
  const updateSW = registerSW({
    immediate: true,
    onNeedRefresh: () => useAppStore.getState().offerUpdate(async () => {
      requestedHere = true;
      const waiting = (await navigator.serviceWorker.getRegistration())?.waiting ?? null;
      await updateSW(true);
      // A page the old worker does not control (first visit) hears no “controlling”: reload
      // once the new worker is active.
      if (!navigator.serviceWorker.controller) {
        if (waiting && waiting.state !== 'activated') {
          await new Promise<void>((resolve) => waiting.addEventListener('statechange', () => (waiting.state === 'activated' || waiting.state === 'redundant') && resolve()));
        }
        window.location.reload();
      }
    }),
    onNeedReload: () => {
      if (requestedHere) window.location.reload();
      else useAppStore.getState().offerUpdate(() => window.location.reload());
    },
    onOfflineReady: () => useAppStore.getState().setOfflineReady(true),
    onRegisterError: (err: unknown) => console.warn('service worker registration failed', err),
  });
}
