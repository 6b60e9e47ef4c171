import {useEffect, useState} from 'react';

/**
 * Keeps the screen on while `active` (Screen Wake Lock API), re-acquiring it when the page
 * becomes visible again, since the browser releases it whenever the tab is hidden.
 */
type WakeLockApi = {request(type: 'screen'): Promise<{release(): Promise<void>; addEventListener(t: 'release', f: () => void): void}>};

export function useWakeLock(active: boolean): 'on' | 'off' | 'unsupported' {
  const [state, setState] = useState<'on' | 'off'>('off');
  const wakeLock = (navigator as Navigator & {wakeLock?: WakeLockApi}).wakeLock;
  useEffect(() => {
    if (!active || !wakeLock) return;
    let sentinel: {release(): Promise<void>} | null = null;
    let cancelled = false;
    const acquire = async () => {
      try {
        const s = await wakeLock.request('screen');
        if (cancelled) return void s.release();
        sentinel = s;
        setState('on');
        s.addEventListener('release', () => setState('off'));
      } catch {
        setState('off');
      }
    };
    const onVisible = () => {
      if (document.visibilityState === 'visible') void acquire();
    };
    void acquire();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      cancelled = true;
      document.removeEventListener('visibilitychange', onVisible);
      void sentinel?.release();
    };
  }, [active, wakeLock]);
  return wakeLock ? state : 'unsupported';
}
