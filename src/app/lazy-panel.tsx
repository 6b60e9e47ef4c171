import {Suspense, lazy, type ComponentType} from 'react';

/**
 * A panel whose code is loaded only when it is first rendered, behind its own Suspense
 * boundary (nothing shown meanwhile), so the rest of the app never waits for it. Issue 11:
 * what is not needed at first paint stays out of the initial JavaScript; the service worker
 * precaches every chunk, so offline use is unchanged.
 */
export function lazyPanel<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  const Lazy = lazy(async () => ({default: await load()}));
  function LazyPanel(props: P) {
    return (
      <Suspense fallback={null}>
        <Lazy {...props} />
      </Suspense>
    );
  }
  return LazyPanel;
}
