import type {LayerId} from '../catalogue/types';
import type {Camera} from '../state/presenter-slice';
import type {Paper, SheetText} from './map-export';

/** What a drawing or vertex edit in progress can be told; choosing the tool itself is state (`setTool`). */
/** `delete-vertex`: removes the vertex last dragged or tapped while editing a shape (touch screens have no Delete key). */
export type DrawingAction = 'undo' | 'redo' | 'finish' | 'delete-vertex';

/**
 * Everything the UI can ask of the map, as calls. Each returns once the map has taken the
 * command (an export: once the file is made). Obtained with `useMapCommands()`.
 */
export type MapCommands = {
  readonly flyTo: (camera: Camera) => Promise<void>;
  readonly zoomToLayer: (layerId: LayerId) => Promise<void>;
  readonly zoomToPlot: (plotId: string) => Promise<void>;
  readonly drawing: (action: DrawingAction) => Promise<void>;
  /**
   * How many CSS pixels at the bottom of the map a panel covers (the phone's bottom sheet):
   * the map centres its view in what is left, and the plot open in the form is kept there.
   */
  readonly setViewInset: (bottom: number) => Promise<void>;
  /** The map as a sheet (title, legend, scale bar, north arrow, footer) at `scale` device pixels per CSS pixel. */
  readonly exportImage: (scale: number, text: SheetText) => Promise<HTMLCanvasElement>;
  /** One landscape page of `paper` with the sheet on it. */
  readonly exportPdf: (paper: Paper, text: SheetText) => Promise<Blob>;
  /** The map as it is now, `width` CSS pixels wide, as a small JPEG data URL (a slide's thumbnail). */
  readonly thumbnail: (width: number) => Promise<string>;
};

/** A command refused because no map could be made (no WebGL, say): the UI shows `reason`. */
export class MapUnavailableError extends Error {
  constructor(readonly reason: string) {
    super(`the map is not available: ${reason}`);
    this.name = 'MapUnavailableError';
  }
}

/**
 * Where the UI's commands meet the map. The UI holds `commands` from the first render on;
 * MapView attaches the map's own implementation once the map is made. Until then commands
 * queue and run in the order given when it attaches (a zoom asked for while the layers load
 * still happens); if the map cannot be made they are refused with MapUnavailableError.
 */
export type MapCommandHub = {
  readonly commands: MapCommands;
  /** Hands commands to `map` from now on (the queue first); the returned function takes it back. */
  readonly attach: (map: MapCommands) => () => void;
  /** The map could not be made: queued and later commands fail until a map attaches. */
  readonly fail: (reason: string) => void;
};

type Pending = {readonly run: (map: MapCommands) => Promise<unknown>; readonly resolve: (value: unknown) => void; readonly reject: (err: unknown) => void};

export function createMapCommandHub(): MapCommandHub {
  let target: MapCommands | null = null;
  let failure: string | null = null;
  let queue: Pending[] = [];

  const send = <T>(run: (map: MapCommands) => Promise<T>): Promise<T> => {
    if (target) return run(target);
    if (failure !== null) return Promise.reject(new MapUnavailableError(failure));
    return new Promise<T>((resolve, reject) => queue.push({run, resolve: resolve as (v: unknown) => void, reject}));
  };

  const commands: MapCommands = {
    flyTo: (camera) => send((m) => m.flyTo(camera)),
    zoomToLayer: (layerId) => send((m) => m.zoomToLayer(layerId)),
    zoomToPlot: (plotId) => send((m) => m.zoomToPlot(plotId)),
    drawing: (action) => send((m) => m.drawing(action)),
    setViewInset: (bottom) => send((m) => m.setViewInset(bottom)),
    exportImage: (scale, text) => send((m) => m.exportImage(scale, text)),
    exportPdf: (paper, text) => send((m) => m.exportPdf(paper, text)),
    thumbnail: (width) => send((m) => m.thumbnail(width)),
  };

  return {
    commands,
    attach: (map) => {
      target = map;
      failure = null;
      const waiting = queue;
      queue = [];
      for (const p of waiting) {
        // A command that throws rejects its own caller's promise, not the others'.
        try {
          p.run(map).then(p.resolve, p.reject);
        } catch (err) {
          p.reject(err);
        }
      }
      return () => {
        if (target === map) target = null;
      };
    },
    fail: (reason) => {
      target = null;
      failure = reason;
      const waiting = queue;
      queue = [];
      for (const p of waiting) p.reject(new MapUnavailableError(reason));
    },
  };
}
