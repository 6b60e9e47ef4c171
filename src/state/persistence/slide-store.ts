import type {DeviceDb} from './device-db';
import type {CommitFailure} from './storage-errors';

/** A presenter slide as stored: any object with a string id (the presenter slice owns its shape). */
export type SlideRecord = {readonly id: string; readonly [key: string]: unknown};
type StoredSlide = SlideRecord & {order?: number};
export type SlidesSaveResult = {ok: true} | CommitFailure;

/** The presenter's slides over the device connection. */
export class SlideStore {
  readonly #device: DeviceDb;

  constructor(device: DeviceDb) {
    this.#device = device;
  }

  /** The slides in their saved order (each as it was saved: the caller checks its shape). */
  async load(): Promise<SlideRecord[]> {
    const stored = (await this.#device.read((db) => db.getAll('slides'))) as StoredSlide[];
    return stored
      .sort((a, b) => (a.order ?? 0) - (b.order ?? 0))
      .map(({order: _order, ...slide}) => slide);
  }

  /**
   * Replaces the saved slides with `slides`, in that order, in one strict transaction: the set
   * of slides on disk is always one the user saw, never half of one.
   */
  save(slides: readonly SlideRecord[]): Promise<SlidesSaveResult> {
    return this.#device.write(['slides'], async (tx) => {
      const store = tx.objectStore('slides');
      await store.clear();
      for (const [order, slide] of slides.entries()) await store.put({...slide, order} as StoredSlide);
      return {result: {ok: true} as const, changed: []};
    });
  }
}
