import {useSyncExternalStore} from 'react';

/** Whether the CSS media query matches now; re-renders when that changes. */
export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const list = window.matchMedia(query);
      list.addEventListener('change', onChange);
      return () => list.removeEventListener('change', onChange);
    },
    () => window.matchMedia(query).matches,
    () => false,
  );
}

/** The phone layout (bottom sheet, header menu): the same width as the CSS's `@media (max-width: 720px)`. */
export const PHONE_QUERY = '(max-width: 720px)';
