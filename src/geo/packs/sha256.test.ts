import {createHash} from 'node:crypto';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {Sha256, sha256OfBlob} from './sha256';

const node = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('Sha256', () => {
  it('gives the FIPS 180-4 test vectors', () => {
    expect(new Sha256().hex()).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(new Sha256().update(new TextEncoder().encode('abc')).hex()).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const two = 'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq';
    expect(new Sha256().update(new TextEncoder().encode(two)).hex()).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
  });

  it('matches node:crypto for any bytes fed in any pieces', () => {
    fc.assert(
      fc.property(fc.uint8Array({maxLength: 700}), fc.array(fc.nat(700), {maxLength: 6}), (bytes, cuts) => {
        const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
        const h = new Sha256();
        let from = 0;
        for (const p of [...points, bytes.length]) {
          h.update(bytes.subarray(from, p));
          from = p;
        }
        expect(h.hex()).toBe(node(bytes));
      }),
    );
  });

  it('hashes a Blob slice by slice', async () => {
    const bytes = new Uint8Array(300_001).map((_, i) => (i * 7919) & 255);
    expect(await sha256OfBlob(new Blob([bytes]), 65_536)).toBe(node(bytes));
  });
});
