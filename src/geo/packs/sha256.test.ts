import {createHash} from 'node:crypto';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {createSha256, sha256OfBlob} from './sha256';

const node = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const hex = async (...pieces: Uint8Array[]) => {
  const h = await createSha256();
  for (const p of pieces) h.update(p);
  return h.hex();
};

describe('sha256', () => {
  it('gives the FIPS 180-4 test vectors', async () => {
    const text = (s: string) => new TextEncoder().encode(s);
    expect(await hex()).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(await hex(text('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(await hex(text('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'))).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
  });

  it('matches node:crypto for any bytes fed in any pieces', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({maxLength: 700}), fc.array(fc.nat(700), {maxLength: 6}), async (bytes, cuts) => {
        const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
        const pieces: Uint8Array[] = [];
        let from = 0;
        for (const p of [...points, bytes.length]) {
          pieces.push(bytes.subarray(from, p));
          from = p;
        }
        expect(await hex(...pieces)).toBe(node(bytes));
      }),
    );
  });

  it('hashes a Blob slice by slice', async () => {
    const bytes = new Uint8Array(300_001).map((_, i) => (i * 7919) & 255);
    expect(await sha256OfBlob(new Blob([bytes]), 65_536)).toBe(node(bytes));
  });
});
