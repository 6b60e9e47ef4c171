import {useEffect, useState} from 'react';
import {t} from '../../i18n/messages';
import {useAppStore} from '../../state/store';

/** Thumbnails of a plot's stored photos, plus photos picked but not yet saved. */
export function PhotoStrip({plotId, pending = []}: {plotId: string | null; pending?: readonly File[]}) {
  const lang = useAppStore((s) => s.lang);
  const version = useAppStore((s) => (plotId ? s.plots[plotId]?.version : undefined));
  const [urls, setUrls] = useState<{id: string; url: string; name: string}[]>([]);

  useEffect(() => {
    let cancelled = false;
    const made: string[] = [];
    void (async () => {
      // A lost connection is reported by the storage panel; the strip then shows no stored photos.
      const stored = plotId ? await useAppStore.getState().loadPhotos(plotId) : [];
      if (cancelled) return;
      const list = [
        ...stored.map((p) => ({id: p.id, blob: p.thumbnail, name: p.name})),
        ...pending.map((f, i) => ({id: `pending-${i}`, blob: f as Blob, name: f.name})),
      ].map((p) => {
        const url = URL.createObjectURL(p.blob);
        made.push(url);
        return {id: p.id, url, name: p.name};
      });
      setUrls(list);
    })();
    return () => {
      cancelled = true;
      for (const u of made) URL.revokeObjectURL(u);
    };
  }, [plotId, pending, version]);

  if (urls.length === 0) return null;
  return (
    <ul className="photo-strip" aria-label={t('photos', lang)}>
      {urls.map((p) => (
        <li key={p.id}><img src={p.url} alt={p.name} width={72} height={72} /></li>
      ))}
    </ul>
  );
}
