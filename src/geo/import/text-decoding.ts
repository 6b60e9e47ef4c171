/*
 * Bytes to text without silent U+FFFD (WHATWG Encoding Standard decoders with `fatal: true`,
 * available in Node 20 with full ICU and in browsers). A byte-order mark decides; otherwise
 * a declared encoding; otherwise UTF-16 when the zero bytes say so (ASCII in UTF-16 has a
 * zero in every other byte, which UTF-8 would otherwise accept as NUL characters); otherwise
 * UTF-8 if it decodes cleanly; otherwise GB18030 (a superset of GBK, what Chinese Excel
 * writes) only when every double-byte character is a common one (GB 2312 level 1 or its
 * punctuation rows). GB18030 decodes almost any byte string, so Latin-1 "Zéang" or UTF-8
 * mixed into GBK text decode "cleanly" to rare characters (蓆ang, 娴嬭瘯鍦板潡); then, and for
 * anything else uncertain, the caller asks the user, showing the names under each candidate.
 */

export type TextDecoding =
  | {readonly ok: true; readonly text: string; readonly encoding: string; readonly guessed: boolean}
  | {readonly ok: false; readonly candidates: readonly {readonly encoding: string; readonly preview: string}[]; readonly declared: string | null; readonly why: UncertainEncoding};

/** Why the encoding is asked: nothing decodes cleanly or plausibly, UTF-8 is mixed with another encoding, UTF-16 without a BOM. */
export type UncertainEncoding = 'uncertain' | 'mixed' | 'utf-16';

/** Encodings offered when the bytes do not say: Chinese (mainland, Taiwan), Western European, UTF-16. */
export const CANDIDATE_ENCODINGS = ['utf-8', 'gb18030', 'big5', 'windows-1252', 'utf-16le', 'utf-16be'] as const;

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

/**
 * How GB18030 would read the bytes: `common` when every multi-byte character is a GB 2312
 * level-1 hanzi (lead 0xB0–0xD7) or a punctuation/full-width row (0xA1–0xA9), both bytes in
 * 0xA1–0xFE; `rare` when any is a level-2 or GBK-extension character or a four-byte sequence.
 */
export function gb18030Plausibility(bytes: Uint8Array): 'none' | 'common' | 'rare' {
  let multi = 0;
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    multi++;
    const next = bytes[i + 1] ?? 0;
    if (next >= 0x30 && next <= 0x39) return 'rare';
    const commonLead = (b >= 0xb0 && b <= 0xd7) || (b >= 0xa1 && b <= 0xa9);
    if (!commonLead || next < 0xa1 || next > 0xfe) return 'rare';
    i += 2;
  }
  return multi === 0 ? 'none' : 'common';
}

/** Well-formed multi-byte UTF-8 sequences (RFC 3629) in the bytes: some, beside invalid ones, means mixed encodings. */
function utf8Sequences(bytes: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    const len = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (len === 0) continue;
    let ok = true;
    for (let k = 1; k < len; k++) if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) ok = false;
    if (ok) {
      n++;
      i += len - 1;
    }
  }
  return n;
}

/** UTF-16 without a BOM, told by where the zero bytes fall (ASCII characters have a zero high byte), else null. */
export function utf16ByZeros(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, 8192) & ~1;
  if (n < 4) return null;
  let even = 0, odd = 0;
  for (let i = 0; i < n; i++) {
    if (bytes[i] !== 0) continue;
    if (i % 2 === 0) even++;
    else odd++;
  }
  const pairs = n / 2;
  if (odd >= 0.2 * pairs && even <= 0.02 * pairs) return 'utf-16le';
  if (even >= 0.2 * pairs && odd <= 0.02 * pairs) return 'utf-16be';
  return null;
}

/** Whether every byte above 0x7F stands between ASCII bytes, as accented letters do in Latin-1 text. */
function isolatedHighBytes(bytes: Uint8Array): boolean {
  let high = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i]! < 0x80) continue;
    high++;
    if ((bytes[i - 1] ?? 0) >= 0x80 || (bytes[i + 1] ?? 0) >= 0x80) return false;
  }
  return high > 0;
}

/**
 * What a person needs to judge an encoding: the lines holding non-ASCII characters (the
 * names, mostly), up to four, each cut to a window around its first such character; else
 * the start of the text.
 */
export function previewOf(text: string): string {
  const lines = text.split(/\r\n|\r|\n/).filter((l) => /[^ -~\t]/.test(l)).slice(0, 4).map((line) => {
    const at = line.search(/[^ -~\t]/);
    const start = Math.max(0, at - 12);
    return `${start > 0 ? '…' : ''}${line.slice(start, start + 48).trim()}${start + 48 < line.length ? '…' : ''}`;
  });
  return (lines.length > 0 ? lines.join(' ⏎ ') : text).slice(0, 200);
}

/** Every candidate encoding the bytes decode under without error or NUL characters, most plausible first, with a preview. */
export function encodingCandidates(bytes: Uint8Array): {encoding: string; preview: string}[] {
  const out: {encoding: string; preview: string}[] = [];
  for (const encoding of CANDIDATE_ENCODINGS) {
    const text = decodeStrict(bytes.subarray(0, 4096), encoding) ?? decodeStrict(bytes, encoding);
    if (text !== null && !text.includes('\uFFFD') && !text.includes('\u0000')) out.push({encoding, preview: previewOf(text)});
  }
  const utf16 = utf16ByZeros(bytes) ?? (bytes.includes(0) ? 'utf-16le' : null);
  const first = utf16 ?? (isolatedHighBytes(bytes) ? 'windows-1252' : gb18030Plausibility(bytes) === 'common' ? 'gb18030' : null);
  const rank = (e: string) => (e === first ? 0 : e.startsWith('utf-16') && utf16 ? 1 : 2);
  return out.sort((a, b) => rank(a.encoding) - rank(b.encoding));
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
    return {ok: false, candidates: encodingCandidates(bytes), declared, why: 'uncertain'};
  }
  // Zero bytes in one parity only: UTF-16. Zeros anywhere else (a .dbf's NUL padding) are left to UTF-8.
  const utf16 = bytes.includes(0) ? utf16ByZeros(bytes) : null;
  if (utf16) {
    const text = decodeStrict(bytes, utf16);
    if (text !== null && !text.includes('\u0000')) return {ok: true, text, encoding: utf16, guessed: true};
    return {ok: false, candidates: encodingCandidates(bytes), declared: null, why: 'utf-16'};
  }
  const utf8 = decodeStrict(bytes, 'utf-8');
  if (utf8 !== null) return {ok: true, text: utf8.replace(/^\uFEFF/, ''), encoding: 'utf-8', guessed: false};
  const gb = decodeStrict(bytes, 'gb18030');
  if (gb !== null && gb18030Plausibility(bytes) === 'common') return {ok: true, text: gb, encoding: 'gb18030', guessed: true};
  const why: UncertainEncoding = bytes.includes(0) ? 'utf-16' : utf8Sequences(bytes) > 0 && !isolatedHighBytes(bytes) ? 'mixed' : 'uncertain';
  return {ok: false, candidates: encodingCandidates(bytes), declared: null, why};
}
