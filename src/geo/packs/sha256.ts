/*
 * SHA-256 of a pack read back from the device's storage piece by piece, so a pack of hundreds
 * of MB is never held whole in memory (WebCrypto's digest() takes only a whole buffer). The
 * hashing is hash-wasm's WebAssembly build, embedded in its module (no request; the CSP's
 * 'wasm-unsafe-eval' already allows compiling it), about 20× a plain-JavaScript SHA-256. It is
 * loaded with the first hash (a photo, a downloaded pack), not with the app (issue 11: initial JS).
 */

/** A SHA-256 fed in pieces; `hex()` ends it. */
export async function createSha256(): Promise<{update(data: Uint8Array): void; hex(): string}> {
  const {createSHA256} = await import('hash-wasm');
  const hasher = await createSHA256();
  hasher.init();
  return {
    update: (data) => {
      hasher.update(data);
    },
    hex: () => hasher.digest('hex'),
  };
}

export async function sha256OfBlob(blob: Blob, chunkBytes = 4 * 1024 * 1024): Promise<string> {
  const hasher = await createSha256();
  for (let at = 0; at < blob.size; at += chunkBytes) hasher.update(new Uint8Array(await blob.slice(at, at + chunkBytes).arrayBuffer()));
  return hasher.hex();
}
