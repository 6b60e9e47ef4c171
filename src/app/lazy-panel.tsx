import {Component, Suspense, lazy, type ComponentType, type ReactNode} from 'react';
import {t} from '../i18n/messages';
import {useAppStore} from '../state/store';

/**
 * A panel whose code is loaded only when it is first rendered, behind its own Suspense
 * boundary, so the rest of the app never waits for it. Issue 11: what is not needed at first
 * paint stays out of the initial JavaScript, and is fetched in the background once the map is
 * idle (`preloadPanels`), so a panel opened offline later in the same visit is there. While the code loads the panel says so; if it cannot be loaded
 * (a chunk the browser could not fetch) the panel says that, and the rest of the app goes on.
 */
export function lazyPanel<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  let loading: Promise<ComponentType<P>> | null = null;
  // One fetch for the background preload and the first render; a failed one is tried again.
  const once = () => (loading ??= load().catch((err: unknown) => {
    loading = null;
    throw err;
  }));
  preloads.push(once);
  const Lazy = lazy(async () => ({default: await once()}));
  function LazyPanel(props: P) {
    return (
      <PanelBoundary>
        <Suspense fallback={<PanelLoading />}>
          <Lazy {...props} />
        </Suspense>
      </PanelBoundary>
    );
  }
  return LazyPanel;
}

const preloads: (() => Promise<unknown>)[] = [];

/**
 * Fetches every lazy panel's code in the background, after the first map idle. A field team
 * opens the app once with signal and goes on offline; until the service worker controls the
 * page (the next load), a panel first opened offline could not be fetched. So the code is in
 * hand before it is needed, without being in the first paint's way. A failed fetch is tried
 * again when the panel is opened (and then says so).
 */
export function preloadPanels(): void {
  for (const preload of preloads) void preload().catch(() => undefined);
}

function PanelLoading() {
  const lang = useAppStore((s) => s.lang);
  return <p className="hint panel-loading" role="status">{t('panelLoading', lang)}</p>;
}

function PanelFailed({error}: {error: unknown}) {
  const lang = useAppStore((s) => s.lang);
  return (
    <p className="panel-failed error" role="alert">
      {t('panelLoadFailed', lang)} <span className="hint">({error instanceof Error ? error.message : String(error)})</span>
    </p>
  );
}

type BoundaryState = {error: unknown; failed: boolean};

/** Catches a panel's failed load (React's only way to catch a render error is a class). */
class PanelBoundary extends Component<{children: ReactNode}, BoundaryState> {
  override state: BoundaryState = {error: null, failed: false};

  static getDerivedStateFromError(error: unknown): BoundaryState {
    return {error, failed: true};
  }

  override render() {
    return this.state.failed ? <PanelFailed error={this.state.error} /> : this.props.children;
  }
}
