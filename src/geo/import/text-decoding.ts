/*
 * Bytes to text without silent U+FFFD (WHATWG Encoding Standard decoders with `fatal: true`,
 * available in Node 20 with full ICU and in browsers). A byte-order mark decides; otherwise
 * a declared encoding; otherwise UTF-8 if it decodes cleanly; otherwise GB18030 (a superset
 * of GBK, what Chinese Excel writes) when it decodes cleanly to Chinese text; otherwise the
 * caller asks the user, showing a preview under each encoding that decodes without error.
 */

export type TextDecoding =
  | {readonly ok: true; readonly text: string; readonly encoding: string; readonly guessed: boolean}
  | {readonly ok: false; readonly candidates: readonly {readonly encoding: string; readonly preview: string}[]; readonly declared: string | null};

/** Encodings offered when the bytes do not say: Chinese (mainland, Taiwan), Western European, UTF-16. */
export const CANDIDATE_ENCODINGS = ['utf-8', 'gb18030', 'big5', 'windows-1252', 'utf-16le'] as const;

/** Decodes strictly, or returns null when the bytes are not valid in `encoding` (or the label is unknown). */
export function decodeStrict(bytes: Uint8Array, encoding: string): string | null {
  try {
    return new TextDecoder(encoding, {fatal: true, ignoreBOM: false}).decode(bytes);
  } catch {
    return null;
  }
}

/** The WHATWG name of an encoding label (`GBK` → `gbk`, `cp936` → `gbk`), or null when no decoder has it. */
export function encodingName(label: string): string | null {
  try {
    return new TextDecoder(label).encoding;
  } catch {
    return null;
  }
}

function bomEncoding(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return null;
}

/** Whether every non-ASCII character is a CJK ideograph or CJK/full-width punctuation. */
function looksChinese(text: string): boolean {
  let cjk = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) continue;
    if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3000 && c <= 0x303f) || (c >= 0xff00 && c <= 0xffef) || (c >= 0x3400 && c <= 0x4dbf)) cjk++;
    else return false;
  }
  return cjk > 0;
}

const previewOf = (text: string): string => text.slice(0, 160);

/** Every candidate encoding the bytes decode under without error, with a preview. */
export function encodingCandidates(bytes: Uint8Array): {encoding: string; preview: string}[] {
  const out: {encoding: string; preview: string}[] = [];
  for (const encoding of CANDIDATE_ENCODINGS) {
    const text = decodeStrict(bytes.subarray(0, 4096), encoding) ?? decodeStrict(bytes, encoding);
    if (text !== null && !text.includes('\uFFFD')) out.push({encoding, preview: previewOf(text)});
  }
  return out;
}

/**
 * Decodes file bytes to text; `declared` is the encoding the file (an XML prolog, a `.cpg`)
 * or the user names. A BOM wins over both; a BOM is never part of the returned text.
 */
export function decodeText(bytes: Uint8Array, declared: string | null = null): TextDecoding {
  const bom = bomEncoding(bytes);
  if (bom) {
    const text = decodeStrict(bytes, bom);
    if (text !== null) return {ok: true, text: text.replace(/^\uFEFF/, ''), encoding: bom, guessed: false};
  }
  if (declared) {
    const text = decodeStrict(bytes, declared);
    if (text !== null) return {ok: true, text: text.replace(/^\uFEFF/, ''), encoding: encodingName(declared) ?? declared, guessed: false};
    return {ok: false, candidates: encodingCandidates(bytes), declared};
  }
  const utf8 = decodeStrict(bytes, 'utf-8');
  if (utf8 !== null) return {ok: true, text: utf8.replace(/^\uFEFF/, ''), encoding: 'utf-8', guessed: false};
  const gb = decodeStrict(bytes, 'gb18030');
  if (gb !== null && looksChinese(gb)) return {ok: true, text: gb, encoding: 'gb18030', guessed: true};
  return {ok: false, candidates: encodingCandidates(bytes), declared: null};
}
