import {openOrtho} from './ortho-convert';
import type {OrthoTile} from './ortho-convert';
import type {OrthoRequest, OrthoResponse, OrthoTileFormat} from './ortho-messages';
import {TILE_SIZE} from './ortho-tiles';

/*
 * Reprojection off the main thread: the page sends the picked File (not copied: a File is a
 * handle), the worker answers with the plan, then makes one encoded tile per `next` request.
 * The page asks for the next tile only once the last is written, so tiles never pile up in
 * memory between the worker and the disk.
 */

const scope = self as unknown as {onmessage: ((event: MessageEvent<OrthoRequest>) => void) | null; postMessage: (message: OrthoResponse, transfer?: Transferable[]) => void};

let tiles: AsyncGenerator<OrthoTile, void, undefined> | null = null;
let format: OrthoTileFormat = 'png';
const canvas = typeof OffscreenCanvas === 'undefined' ? null : new OffscreenCanvas(TILE_SIZE, TILE_SIZE);
const context = canvas?.getContext('2d') ?? null;

async function encode(rgba: Uint8ClampedArray, type: string): Promise<Blob> {
  if (!canvas || !context) throw new Error('OffscreenCanvas is not available in this browser');
  context.putImageData(new ImageData(new Uint8ClampedArray(rgba), TILE_SIZE, TILE_SIZE), 0, 0);
  // WebP keeps alpha and is ≈ 5× smaller than PNG for imagery (quality 0.9 is visually lossless at this size).
  return canvas.convertToBlob(type === 'image/webp' ? {type, quality: 0.9} : {type});
}

async function open(file: Blob): Promise<void> {
  const opened = await openOrtho(file);
  if (!opened.ok) return scope.postMessage({type: 'problem', problem: opened.problem});
  const probe = await encode(new Uint8ClampedArray(TILE_SIZE * TILE_SIZE * 4), 'image/webp');
  format = probe.type === 'image/webp' ? 'webp' : 'png';
  tiles = opened.source.tiles();
  scope.postMessage({type: 'plan', plan: opened.source.plan, tileFormat: format});
}

async function next(): Promise<void> {
  if (!tiles) throw new Error('no orthophoto open');
  const step = await tiles.next();
  if (step.done) return scope.postMessage({type: 'done'});
  const {z, x, y, rgba} = step.value;
  const bytes = await (await encode(rgba, `image/${format}`)).arrayBuffer();
  scope.postMessage({type: 'tile', z, x, y, bytes}, [bytes]);
}

scope.onmessage = (event) => {
  const request = event.data;
  (request.type === 'open' ? open(request.file) : next()).catch((err: unknown) =>
    scope.postMessage({type: 'error', detail: err instanceof Error ? err.message : String(err)}));
};
