import {useEffect} from 'react';
import {useMapCommands} from '../map/MapCommandsProvider';
import {useAppStore} from '../state/store';

/**
 * Ctrl+Z / Ctrl+Shift+Z (⌘ on a Mac; Ctrl+Y too): undo and redo the drawing while a shape is
 * being drawn or edited, else the last saved change. Text fields keep their own undo.
 */
export function useUndoShortcuts(): void {
  const map = useMapCommands();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey)) return;
      const key = e.key.toLowerCase();
      const redo = (key === 'z' && e.shiftKey) || key === 'y';
      if (key !== 'z' && key !== 'y') return;
      const target = e.target as HTMLElement | null;
      if (target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) return;
      e.preventDefault();
      const s = useAppStore.getState();
      if (s.tool === 'draw' || s.tool === 'edit-shape') void map.drawing(redo ? 'redo' : 'undo');
      else void (redo ? s.redo() : s.undo());
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [map]);
}
