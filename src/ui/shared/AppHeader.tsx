import {useEffect, useRef, useState} from 'react';
import type {ReactNode} from 'react';
import {t} from '../../i18n/messages';
import {useAppStore} from '../../state/store';
import {enterFullScreen} from '../presenter/full-screen';
import {FilterIndicator} from './FilterIndicator';
import {LanguageSwitch} from './LanguageSwitch';
import {lt} from './layout-messages';
import {ProgressBadge} from './ProgressBadge';

type Props = {
  dashboardOpen: boolean;
  onToggleDashboard: () => void;
  /**
   * A status element shown beside the title on every width (the team sync state, say): kept
   * out of the menu, so it stays in view on a phone. Keep it to one short line.
   */
  status?: ReactNode;
};

/**
 * The app's header: title, progress, a status slot, the header buttons and the filter
 * indicator. On a phone (≤ 720 px) the buttons go into a menu behind one button, so no label
 * wraps mid-word and nothing is pushed off the screen.
 */
export function AppHeader({dashboardOpen, onToggleDashboard, status}: Props) {
  const lang = useAppStore((s) => s.lang);
  const theme = useAppStore((s) => s.theme);
  const setTheme = useAppStore((s) => s.setTheme);
  const slideCount = useAppStore((s) => s.slides.length);
  const [menuOpen, setMenuOpen] = useState(false);
  const menuRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  // The menu closes on Escape and on a tap outside it.
  useEffect(() => {
    if (!menuOpen) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setMenuOpen(false);
      buttonRef.current?.focus();
    };
    const onDown = (e: PointerEvent) => {
      const target = e.target as Node;
      if (!menuRef.current?.contains(target) && !buttonRef.current?.contains(target)) setMenuOpen(false);
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('pointerdown', onDown);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('pointerdown', onDown);
    };
  }, [menuOpen]);

  const closing = (act: () => void) => () => {
    act();
    setMenuOpen(false);
  };

  return (
    <header className="app-header">
      <div className="header-row">
        <h1>{t('appTitle', lang)}</h1>
        <ProgressBadge />
        <div className="header-status">{status}</div>
        <button ref={buttonRef} type="button" className="menu-button" aria-expanded={menuOpen} aria-controls="header-controls"
          onClick={() => setMenuOpen(!menuOpen)}>
          <span aria-hidden="true">☰ </span>{lt('menu', lang)}
        </button>
        <div ref={menuRef} id="header-controls" className={`header-controls${menuOpen ? ' open' : ''}`}>
          <button type="button" className="dashboard-toggle" aria-pressed={dashboardOpen} onClick={closing(onToggleDashboard)}>
            {t('dashboard', lang)}
          </button>
          <button type="button" className="present-button" disabled={slideCount === 0} onClick={closing(() => {
            enterFullScreen();
            useAppStore.getState().startPresenting(0);
          })}>
            {t('present', lang)}
          </button>
          <button type="button" className="theme-toggle" aria-pressed={theme === 'outdoor'}
            onClick={() => setTheme(theme === 'outdoor' ? 'light' : 'outdoor')}>
            {t('outdoorTheme', lang)}
          </button>
          <LanguageSwitch />
        </div>
      </div>
      <FilterIndicator />
    </header>
  );
}
