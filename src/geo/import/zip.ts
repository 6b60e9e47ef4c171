import {unzipSync, type UnzipFileInfo} from 'fflate';

export type ZipEntries = {readonly ok: true; readonly files: Readonly<Record<string, Uint8Array>>} | {readonly ok: false; readonly cause: string};

const MAX_ENTRIES = 1000;

/** Whether bytes start like a zip local file header (PKWARE APPNOTE 4.3.7: "PK\3\4"). */
export function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/**
 * Unzips the entries `wanted` accepts, after checking the sizes the central directory promises
 * (PKWARE APPNOTE 4.3.12) against `maxInflatedBytes`: a zip bomb is refused before anything
 * is inflated. fflate inflates each entry into a buffer of the promised size, so an entry that
 * lies about its size cannot grow past it either. macOS resource forks are skipped.
 */
export function unzipEntries(bytes: Uint8Array, maxInflatedBytes: number, wanted: (name: string) => boolean): ZipEntries {
  const infos: UnzipFileInfo[] = [];
  try {
    unzipSync(bytes, {filter: (info) => {
      infos.push(info);
      return false;
    }});
  } catch (e) {
    return {ok: false, cause: `not a readable zip archive: ${(e as Error).message}`};
  }
  if (infos.length > MAX_ENTRIES) return {ok: false, cause: `the zip holds ${infos.length} entries, more than ${MAX_ENTRIES}`};
  const chosen = infos.filter((f) => !f.name.startsWith('__MACOSX/') && !f.name.endsWith('/') && wanted(f.name));
  const promised = chosen.reduce((sum, f) => sum + f.originalSize, 0);
  if (promised > maxInflatedBytes) {
    return {ok: false, cause: `the zip would inflate to ${promised} bytes, more than the ${maxInflatedBytes}-byte limit; refused before inflating`};
  }
  const unsupported = chosen.find((f) => f.compression !== 0 && f.compression !== 8);
  if (unsupported) return {ok: false, cause: `zip entry ${unsupported.name} uses compression method ${unsupported.compression}; only stored and deflated entries are read`};
  const names = new Set(chosen.map((f) => f.name));
  try {
    return {ok: true, files: unzipSync(bytes, {filter: (info) => names.has(info.name)})};
  } catch (e) {
    return {ok: false, cause: `a zip entry cannot be inflated: ${(e as Error).message}`};
  }
}
