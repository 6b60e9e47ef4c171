import {useState} from 'react';

/**
 * True from the first render where `on` is true, for good. A lazily loaded panel is mounted
 * once it is first needed (issue 11: no panel code is fetched at start for a form, a dialog or
 * a tab nobody has opened yet) and then stays mounted, keeping its state as before.
 */
export function useLatch(on: boolean): boolean {
  const [latched, setLatched] = useState(on);
  // Setting state while rendering is React's pattern for state derived from a change of props.
  if (on && !latched) setLatched(true);
  return latched || on;
}
