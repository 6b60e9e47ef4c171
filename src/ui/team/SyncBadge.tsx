import {t} from '../../i18n/messages';
import {useAppStore} from '../../state/store';
import {plotSyncState} from '../../state/team-slice';

/** A plot's team state: saved on this device / sent / on the team server / conflict / rejected. Nothing without a session. */
export function SyncBadge({plotId}: {plotId: string}) {
  const lang = useAppStore((s) => s.lang);
  const state = useAppStore((s) => plotSyncState(s, plotId));
  if (!state) return null;
  const tone = state === 'server' ? 'badge ok' : state === 'conflict' || state === 'rejected' ? 'badge bad' : 'badge';
  return <span className={tone} data-sync={state}>{t(`team.state.${state}`, lang)}</span>;
}
