import {t} from '../../i18n/messages';
import {useAppStore} from '../../state/store';
import {selectIsEditing} from '../../state/update-slice';

/** “A new version is ready — reload”: reloading waits until nothing is being edited. */
export function UpdateBanner() {
  const lang = useAppStore((s) => s.lang);
  const ready = useAppStore((s) => s.updateReady);
  const editing = useAppStore(selectIsEditing);
  if (!ready) return null;
  return (
    <div className="update-banner" role="status" data-update-ready>
      <span>{t('updateReady', lang)} — </span>
      <button type="button" disabled={editing} onClick={() => useAppStore.getState().applyUpdate()}>{t('updateReload', lang)}</button>
      {editing && <span className="hint"> {t('updateWaitEdit', lang)}</span>}
    </div>
  );
}
