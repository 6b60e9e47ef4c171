import {t} from '../../i18n/messages';
import type {SaveState} from '../../state/plots-slice';
import {useAppStore} from '../../state/store';

/** “Saved on this device” only after IndexedDB committed; otherwise “saving…” or “not saved”. */
export function SaveBadge({state}: {state: SaveState | undefined}) {
  const lang = useAppStore((s) => s.lang);
  if (!state) return null;
  if (state.state === 'saved') return <span className="badge ok" data-save="saved">{t('savedOnDevice', lang)}</span>;
  if (state.state === 'saving') return <span className="badge" data-save="saving">{t('saving', lang)}</span>;
  return <span className="badge bad" data-save="not-saved" title={state.message}>{t('notSaved', lang)}</span>;
}
