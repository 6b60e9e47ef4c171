import {describe, expect, it} from 'vitest';
import {drainEagerly} from './pack-storage';

describe('drainEagerly', () => {
  it('keeps the chunks that arrived before a break even when the reader comes late', async () => {
    let fail!: () => void;
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new Uint8Array([1, 2, 3]));
        fail = () => c.error(new TypeError('network error'));
      },
    });
    const chunks = drainEagerly(body);
    await new Promise((r) => setTimeout(r, 0));
    fail();
    // A plain reader arriving now would see only the error (the stream drops its queue).
    await new Promise((r) => setTimeout(r, 0));
    const got: number[] = [];
    await expect(
      (async () => {
        for await (const c of chunks) got.push(...c);
      })(),
    ).rejects.toThrow('network error');
    expect(got).toEqual([1, 2, 3]);
  });

  it('ends when the body ends', async () => {
    const got: number[] = [];
    for await (const c of drainEagerly(new Blob([new Uint8Array([4, 5])]).stream())) got.push(...c);
    expect(got).toEqual([4, 5]);
  });
});
