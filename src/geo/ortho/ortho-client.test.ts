import {describe, expect, it} from 'vitest';
import {workerOrthoConverter} from './ortho-client';
import type {OrthoWorkerLike} from './ortho-client';
import type {OrthoRequest, OrthoResponse} from './ortho-messages';

/** A worker stand-in that answers `open` with a plan and never answers `next` (a tile being cut). */
function slowWorker() {
  const w = {
    onmessage: null as ((event: MessageEvent<OrthoResponse>) => void) | null,
    onerror: null as ((event: ErrorEvent) => void) | null,
    terminated: false,
    postMessage(message: OrthoRequest) {
      if (message.type !== 'open') return;
      const plan = {epsg: 4522, crsName: 'x', widthPixels: 10, heightPixels: 10, metersPerPixel: 1, minZoom: 10, maxZoom: 16, bounds: [0, 0, 1, 1] as [number, number, number, number], tileEstimate: 10, dataDate: null};
      queueMicrotask(() => w.onmessage?.({data: {type: 'plan', plan, tileFormat: 'webp'}} as unknown as MessageEvent<OrthoResponse>));
    },
    terminate() {
      w.terminated = true;
    },
  };
  return w;
}

describe('workerOrthoConverter', () => {
  it('ends the worker on close, and a tile still awaited rejects instead of hanging', async () => {
    const worker = slowWorker();
    const opened = await workerOrthoConverter(() => worker as OrthoWorkerLike)(new Blob([]));
    if (!opened.ok) throw new Error('not opened');
    const tile = opened.job.next();
    opened.job.close();
    await expect(tile).rejects.toThrow(/closed/);
    expect(worker.terminated).toBe(true);
    // Cancel pressed while the last tile was being written: the next ask must not wait for a dead worker.
    await expect(opened.job.next()).rejects.toThrow(/closed/);
  });
});
