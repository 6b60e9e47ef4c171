import {useLayoutEffect, useRef, useState} from 'react';
import type {KeyboardEvent, PointerEvent, ReactNode} from 'react';
import {useAppStore} from '../../state/store';
import {lt} from './layout-messages';

export type SheetState = 'peek' | 'half' | 'full';
export const SHEET_STATES: readonly SheetState[] = ['peek', 'half', 'full'];
/** Share of the space under the header each state takes (the map keeps the rest at peek; see styles.css). */
const SHARE: Record<SheetState, number> = {peek: 0.28, half: 0.55, full: 1};
const STATE_WORD = {peek: 'sheetPeek', half: 'sheetHalf', full: 'sheetFull'} as const;

type Props = {
  /** Off (desktop): the children in a plain sidebar. */
  enabled: boolean;
  state: SheetState;
  onStateChange: (state: SheetState) => void;
  /** How many pixels of the map above the peek line the sheet covers now (0 at peek). */
  onCover?: (px: number) => void;
  className?: string;
  children: ReactNode;
};

/**
 * The phone's bottom sheet: peek / half / full, dragged by its handle (pointer events) or
 * moved with the handle's button (tap cycles; arrow keys, Home and End step). Off on wider
 * screens, where it is the sidebar. Other panels need no class of their own to live in it.
 */
export function BottomSheet({enabled, state, onStateChange, onCover, className = '', children}: Props) {
  const lang = useAppStore((s) => s.lang);
  const ref = useRef<HTMLElement>(null);
  const drag = useRef<{startY: number; startHeight: number; moved: boolean} | null>(null);
  const [dragHeight, setDragHeight] = useState<number | null>(null);

  // Tell the map how much of it the sheet covers, whenever the sheet's height changes.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || !enabled || !onCover) return;
    const report = () => {
      const parent = el.parentElement;
      if (!parent) return;
      const peek = parent.clientHeight * SHARE.peek;
      onCover(Math.max(0, el.getBoundingClientRect().height - peek));
    };
    report();
    const observer = new ResizeObserver(report);
    observer.observe(el);
    if (el.parentElement) observer.observe(el.parentElement);
    return () => {
      observer.disconnect();
      onCover(0);
    };
  }, [enabled, onCover]);

  const step = (by: number) => {
    const i = SHEET_STATES.indexOf(state);
    onStateChange(SHEET_STATES[Math.max(0, Math.min(SHEET_STATES.length - 1, i + by))]!);
  };

  const onPointerDown = (e: PointerEvent<HTMLButtonElement>) => {
    const el = ref.current;
    if (!el) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = {startY: e.clientY, startHeight: el.getBoundingClientRect().height, moved: false};
  };
  const onPointerMove = (e: PointerEvent<HTMLButtonElement>) => {
    const d = drag.current;
    const parent = ref.current?.parentElement;
    if (!d || !parent) return;
    const dy = e.clientY - d.startY;
    if (Math.abs(dy) > 6) d.moved = true;
    if (d.moved) setDragHeight(Math.max(parent.clientHeight * SHARE.peek, Math.min(parent.clientHeight, d.startHeight - dy)));
  };
  const onPointerUp = () => {
    const d = drag.current;
    const parent = ref.current?.parentElement;
    if (d?.moved && parent && dragHeight !== null) {
      // Snap to the nearest state.
      const share = dragHeight / parent.clientHeight;
      const nearest = SHEET_STATES.reduce((a, b) => (Math.abs(SHARE[b] - share) < Math.abs(SHARE[a] - share) ? b : a));
      onStateChange(nearest);
    }
    setDragHeight(null);
    // Keep `moved` until the click that follows a drag has been ignored.
    window.setTimeout(() => (drag.current = null), 0);
  };
  const onClick = () => {
    if (drag.current?.moved) return;
    onStateChange(state === 'full' ? 'peek' : state === 'peek' ? 'half' : 'full');
  };
  const onKeyDown = (e: KeyboardEvent<HTMLButtonElement>) => {
    if (e.key === 'ArrowUp') step(1);
    else if (e.key === 'ArrowDown') step(-1);
    else if (e.key === 'Home') onStateChange('peek');
    else if (e.key === 'End') onStateChange('full');
    else return;
    e.preventDefault();
  };

  if (!enabled) return <aside className={className}>{children}</aside>;
  return (
    <aside ref={ref} className={`${className} bottom-sheet sheet-${state}`} data-sheet={state} aria-label={lt('sheet', lang)}
      style={dragHeight === null ? undefined : {height: `${dragHeight}px`}}>
      <button type="button" className="sheet-handle" aria-label={lt('sheetHandle', lang, {state: lt(STATE_WORD[state], lang)})}
        onPointerDown={onPointerDown} onPointerMove={onPointerMove} onPointerUp={onPointerUp} onPointerCancel={onPointerUp}
        onClick={onClick} onKeyDown={onKeyDown}>
        <span aria-hidden="true" />
      </button>
      <div className="sheet-body">{children}</div>
    </aside>
  );
}
