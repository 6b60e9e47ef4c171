import {useCallback, useEffect, useRef, useState} from 'react';
import {t} from '../../i18n/messages';
import type {PhotoRecord} from '../../state/persistence/plot-repository';
import {selectPhotoSetKey} from '../../state/selectors';
import {useAppStore} from '../../state/store';

/** `record`: the stored photo, whose full image may still be on the team server only. */
type Shown = {id: string; url: string; name: string; full: Blob; stored: boolean; record?: PhotoRecord};

/** One array for "no photos picked": a fresh `[]` per render would re-run the strip's read at every render. */
const NO_FILES: readonly File[] = [];

/**
 * Thumbnails of a plot's stored photos, plus photos picked but not yet saved. A thumbnail
 * opens the photo full size, where a stored one can be deleted; the deletion is a change to
 * the plot like any other, so it can be undone from the notice it leaves.
 */
export function PhotoStrip({plotId, pending = NO_FILES}: {plotId: string | null; pending?: readonly File[]}) {
  const lang = useAppStore((s) => s.lang);
  // Read again only when the plot's set of photos changes, not at every edit of the plot: with
  // a fresh `pending` per render the read set state, rendered, and read again without end while
  // a plot was selected, holding the page during every save (issue 11).
  const photoSet = useAppStore((s) => selectPhotoSetKey(s, plotId));
  const [urls, setUrls] = useState<Shown[]>([]);
  const [open, setOpen] = useState<Shown | null>(null);
  const [removed, setRemoved] = useState(false);

  useEffect(() => {
    let cancelled = false;
    const made: string[] = [];
    void (async () => {
      // A lost connection is reported by the storage panel; the strip then shows no stored photos.
      const stored = plotId ? await useAppStore.getState().loadPhotos(plotId) : [];
      if (cancelled) return;
      const list = [
        ...stored.map((p) => ({id: p.id, blob: p.thumbnail, full: p.blob, name: p.name, stored: true, record: p as PhotoRecord | undefined})),
        ...pending.map((f, i) => ({id: `pending-${i}`, blob: f as Blob, full: f as Blob, name: f.name, stored: false, record: undefined})),
      ].map((p) => {
        const url = URL.createObjectURL(p.blob);
        made.push(url);
        return {id: p.id, url, name: p.name, full: p.full, stored: p.stored, record: p.record};
      });
      setUrls(list);
    })();
    return () => {
      cancelled = true;
      for (const u of made) URL.revokeObjectURL(u);
    };
  }, [plotId, pending, photoSet]);

  const remove = async (photo: Shown) => {
    if (!plotId) return;
    setOpen(null);
    const result = await useAppStore.getState().removePhoto(plotId, photo.id);
    setRemoved(result.ok);
  };
  // A full image fetched on opening is kept on the device: the strip's entry now holds it, so
  // opening the photo again shows it from here (the strip reads again only when the plot's
  // set of photos changes, not when one of them is completed).
  const fetched = useCallback(
    (id: string, full: Blob) => setUrls((list) => list.map((u) => (u.id === id ? {...u, full, record: u.record && {...u.record, blob: full, thumbnailOnly: false}} : u))),
    [],
  );
  const undoRemove = async () => {
    setRemoved(false);
    await useAppStore.getState().undo();
  };

  return (
    <>
      {urls.length > 0 && (
        <ul className="photo-strip" aria-label={t('photos', lang)}>
          {urls.map((p) => (
            <li key={p.id}>
              <button type="button" className="photo-thumb" aria-label={t('photoOpen', lang, {name: p.name})} onClick={() => setOpen(p)}>
                <img src={p.url} alt={p.name} width={72} height={72} />
              </button>
            </li>
          ))}
        </ul>
      )}
      {removed && (
        <p className="photo-removed" role="status">
          {t('photoDeleted', lang)} <button type="button" onClick={() => void undoRemove()}>{t('undo', lang)}</button>
        </p>
      )}
      {open && <PhotoViewer photo={open} onClose={() => setOpen(null)} onFetched={fetched} onDelete={open.stored && plotId ? () => void remove(open) : null} />}
    </>
  );
}

function PhotoViewer({photo, onClose, onFetched, onDelete}: {photo: Shown; onClose: () => void; onFetched: (id: string, full: Blob) => void; onDelete: (() => void) | null}) {
  const lang = useAppStore((s) => s.lang);
  const image = useRef<HTMLImageElement>(null);
  const [unavailable, setUnavailable] = useState(false);
  // Its own effect: the parent re-renders with a new onClose, and the image must not be fetched again for that.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  useEffect(() => {
    let cancelled = false;
    let made: string | null = null;
    const show = (blob: Blob) => {
      if (cancelled) return;
      if (made) URL.revokeObjectURL(made);
      made = URL.createObjectURL(blob);
      if (image.current) image.current.src = made;
    };
    if (photo.record?.thumbnailOnly) {
      // Held as a thumbnail only: shown while the full image is fetched (and kept) on demand.
      show(photo.full);
      void useAppStore.getState().loadFullPhoto(photo.record).then((full) => {
        if (full) {
          show(full);
          onFetched(photo.id, full);
        } else if (!cancelled) setUnavailable(true);
      });
    } else {
      // The full image is decoded only now, while it is shown.
      show(photo.full);
    }
    return () => {
      cancelled = true;
      if (made) URL.revokeObjectURL(made);
    };
  }, [photo, onFetched]);
  return (
    <div className="photo-viewer" role="dialog" aria-modal="true" aria-label={t('photoFull', lang)}>
      <img ref={image} alt={photo.name} />
      {unavailable && <p role="status">{t('photoFullUnavailable', lang)}</p>}
      <div className="button-row">
        {onDelete && <button type="button" className="danger" onClick={onDelete}>{t('photoDelete', lang)}</button>}
        <button type="button" autoFocus onClick={onClose}>{t('close', lang)}</button>
      </div>
    </div>
  );
}
