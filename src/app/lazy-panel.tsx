import {Component, Suspense, lazy, type ComponentType, type ReactNode} from 'react';
import {t} from '../i18n/messages';
import {useAppStore} from '../state/store';

/**
 * A panel whose code is loaded only when it is first rendered, behind its own Suspense
 * boundary, so the rest of the app never waits for it. Issue 11: what is not needed at first
 * paint stays out of the initial JavaScript; the service worker precaches every chunk, so
 * offline use is unchanged. While the code loads the panel says so; if it cannot be loaded
 * (a chunk the browser could not fetch) the panel says that, and the rest of the app goes on.
 */
export function lazyPanel<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  const Lazy = lazy(async () => ({default: await load()}));
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
