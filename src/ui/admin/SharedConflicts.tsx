import {t} from '../../i18n/messages';
import type {SharedKind} from '../../sync/shared-protocol';
import {useAppStore} from '../../state/store';

/**
 * Shared zones or slides whose write met a newer copy on the team server (409): both are
 * kept; this says so in words and lets the user keep this device's or use the server's.
 */
export function SharedConflicts({kind}: {readonly kind?: SharedKind}) {
  const lang = useAppStore((s) => s.lang);
  const all = useAppStore((s) => s.sharedConflicts);
  const conflicts = kind ? all.filter((c) => c.kind === kind) : all;
  if (conflicts.length === 0) return null;
  const {resolveSharedConflict} = useAppStore.getState();
  return (
    <section className="shared-conflicts" aria-labelledby={`shared-conflicts-${kind ?? 'all'}`}>
      <h3 id={`shared-conflicts-${kind ?? 'all'}`}>{t('sharedConflictsTitle', lang)}</h3>
      <ul>
        {conflicts.map((c) => {
          const by = c.theirs?.updatedBy ?? '—';
          const caption = c.kind === 'slide' ? ((c.mine as {slide?: {caption?: {zh?: string; en?: string}}} | null)?.slide?.caption?.[lang] || c.id) : c.id;
          return (
            <li key={`${c.kind}:${c.id}`} role="alert">
              {c.kind === 'zone' ? t('sharedConflictZone', lang, {id: c.id, by}) : t('sharedConflictSlide', lang, {caption, by})}
              {(!c.theirs || c.theirs.deleted) && ` ${t('sharedConflictGone', lang)}`}{' '}
              <button type="button" onClick={() => void resolveSharedConflict(c.kind, c.id, 'mine')}>{t('sharedKeepMine', lang)}</button>
              <button type="button" onClick={() => void resolveSharedConflict(c.kind, c.id, 'theirs')}>{t('sharedTakeTheirs', lang)}</button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
