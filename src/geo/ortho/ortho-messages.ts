import type {OrthoProblem} from './ortho-georef';
import type {OrthoPlan} from './ortho-convert';

/** The tile image format of an orthophoto pack (WebP where the browser can encode it, else PNG). */
export type OrthoTileFormat = 'webp' | 'png';

/** Page → worker. */
export type OrthoRequest = {readonly type: 'open'; readonly file: Blob} | {readonly type: 'next'};

/** Worker → page. */
export type OrthoResponse =
  | {readonly type: 'plan'; readonly plan: OrthoPlan; readonly tileFormat: OrthoTileFormat}
  | {readonly type: 'problem'; readonly problem: OrthoProblem}
  | {readonly type: 'tile'; readonly z: number; readonly x: number; readonly y: number; readonly bytes: ArrayBuffer}
  | {readonly type: 'done'}
  | {readonly type: 'error'; readonly detail: string};
