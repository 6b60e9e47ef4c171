/*
 * A JSON reader (RFC 8259) that sees the raw text, written here because JSON.parse hides two
 * things an import must report: duplicate member names (RFC 8259 §4 leaves their meaning
 * open; JSON.parse silently keeps the last) and integers beyond 2^53, which JSON.parse rounds
 * (an id of 9007199254740993 would come back as ...992). lossless-json and json-bigint keep
 * big numbers but throw on, or silently merge, duplicate keys.
 *
 * Member names become own data properties (defineProperty), so "__proto__" and
 * "constructor" stay ordinary keys and no prototype is ever touched.
 */

export type JsonScan = {
  readonly value: unknown;
  /** JSON Pointers (RFC 6901) of members whose name appeared twice in one object; the last value is kept. */
  readonly duplicateKeys: readonly string[];
  /** JSON Pointers of integers too large for a double, kept as their decimal string. */
  readonly bigIntegers: readonly string[];
};

export type JsonScanResult = {readonly ok: true; readonly scan: JsonScan} | {readonly ok: false; readonly cause: string};

const MAX_DEPTH = 256;
/** The longest number read: a longer run of digits ends the number there (and the next digit is an error). */
const MAX_NUMBER_LENGTH = 400;
const pointerPart = (key: string): string => key.replace(/~/g, '~0').replace(/\//g, '~1');
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {'"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t'};
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

/**
 * Parses JSON text; never throws on bad input.
 *
 * Speed matters (issue 11: a 23 MB file of 10k plots): the JSON Pointer of a value is built
 * only when one is reported, from a stack of the keys and indices above it, instead of a
 * string per value; numbers are read by hand with the grammar of RFC 8259 §6.
 */
export function scanJson(text: string): JsonScanResult {
  let i = 0;
  const duplicateKeys: string[] = [];
  const bigIntegers: string[] = [];
  // Member names and array indices from the root to the value being read.
  const keys: (string | number)[] = [];
  const pointer = (): string => {
    let out = '';
    for (const k of keys) out += `/${typeof k === 'number' ? k : pointerPart(k)}`;
    return out;
  };

  const fail = (what: string): never => {
    throw new SyntaxError(`${what} at position ${i}`);
  };
  const space = () => {
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
      else break;
    }
  };
  const string = (): string => {
    i++; // opening quote
    let out = '';
    let start = i;
    for (;;) {
      if (i >= text.length) fail('unterminated string');
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        out += text.slice(start, i);
        i++;
        return out;
      }
      if (c < 0x20) fail('control character in string');
      if (c === 0x5c) {
        out += text.slice(start, i);
        const e = text[i + 1];
        if (e !== undefined && Object.hasOwn(SIMPLE_ESCAPES, e)) {
          out += SIMPLE_ESCAPES[e];
          i += 2;
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
        } else fail('bad escape');
        start = i;
      } else i++;
    }
  };
  // -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)? read within MAX_NUMBER_LENGTH characters.
  const number = (): number | string => {
    const start = i;
    const end = Math.min(text.length, start + MAX_NUMBER_LENGTH);
    let j = i;
    if (j < end && text.charCodeAt(j) === 0x2d) j++;
    if (j < end && text.charCodeAt(j) === 0x30) j++;
    else if (j < end && isDigit(text.charCodeAt(j))) {
      while (j < end && isDigit(text.charCodeAt(j))) j++;
    } else return fail('unexpected character');
    let integer = true;
    if (j + 1 < end && text.charCodeAt(j) === 0x2e && isDigit(text.charCodeAt(j + 1))) {
      integer = false;
      j += 2;
      while (j < end && isDigit(text.charCodeAt(j))) j++;
    }
    const e = j < end ? text.charCodeAt(j) : -1;
    if (e === 0x65 || e === 0x45) {
      let k = j + 1;
      if (k < end && (text.charCodeAt(k) === 0x2b || text.charCodeAt(k) === 0x2d)) k++;
      if (k < end && isDigit(text.charCodeAt(k))) {
        integer = false;
        while (k < end && isDigit(text.charCodeAt(k))) k++;
        j = k;
      }
    }
    const literal = text.slice(start, j);
    i = j;
    const n = Number(literal);
    if (integer && !Number.isSafeInteger(n)) {
      bigIntegers.push(pointer());
      return literal;
    }
    return n;
  };
  const value = (depth: number): unknown => {
    if (depth > MAX_DEPTH) fail('nesting too deep');
    space();
    const c = text.charCodeAt(i);
    if (c === 0x7b) { // {
      i++;
      const object: Record<string, unknown> = {};
      space();
      if (text.charCodeAt(i) === 0x7d) {
        i++;
        return object;
      }
      for (;;) {
        space();
        if (text.charCodeAt(i) !== 0x22) fail('expected a member name');
        const key = string();
        space();
        if (text.charCodeAt(i) !== 0x3a) fail('expected ":"');
        i++;
        keys.push(key);
        if (Object.hasOwn(object, key)) duplicateKeys.push(pointer());
        const member = value(depth + 1);
        keys.pop();
        // An own data property even for "__proto__", never the prototype's setter.
        if (key === '__proto__') Object.defineProperty(object, key, {value: member, enumerable: true, writable: true, configurable: true});
        else object[key] = member;
        space();
        const d = text.charCodeAt(i);
        if (d === 0x2c) i++;
        else if (d === 0x7d) {
          i++;
          return object;
        } else fail('expected "," or "}"');
      }
    }
    if (c === 0x5b) { // [
      i++;
      const array: unknown[] = [];
      space();
      if (text.charCodeAt(i) === 0x5d) {
        i++;
        return array;
      }
      for (;;) {
        keys.push(array.length);
        array.push(value(depth + 1));
        keys.pop();
        space();
        const d = text.charCodeAt(i);
        if (d === 0x2c) i++;
        else if (d === 0x5d) {
          i++;
          return array;
        } else fail('expected "," or "]"');
      }
    }
    if (c === 0x22) return string();
    if (c === 0x2d || isDigit(c)) return number();
    if (text.startsWith('true', i)) {
      i += 4;
      return true;
    }
    if (text.startsWith('false', i)) {
      i += 5;
      return false;
    }
    if (text.startsWith('null', i)) {
      i += 4;
      return null;
    }
    if (i >= text.length) return fail('unexpected end of input');
    return number();
  };

  try {
    const result = value(0);
    space();
    if (i < text.length) fail('unexpected text after the JSON value');
    return {ok: true, scan: {value: result, duplicateKeys, bigIntegers}};
  } catch (e) {
    return {ok: false, cause: `not valid JSON: ${(e as Error).message}`};
  }
}

/**
 * The same result as scanJson, from the engine's JSON.parse when the text holds nothing
 * JSON.parse would hide or accept where scanJson does not, else from scanJson itself.
 *
 * Issue 11: scanJson takes 2–3 × JSON.parse's time on a 23 MB file of 10k plots. JSON.parse
 * hides duplicate member names (it keeps the last), rounds integers beyond 2^53, and reads
 * what scanJson refuses (nesting deeper than MAX_DEPTH, a number longer than
 * MAX_NUMBER_LENGTH). Each is ruled out by a conservative check, and any doubt goes to scanJson:
 * - a number literal longer than MAX_NUMBER_LENGTH has a run of at least 133 digits
 *   (a sign, a dot and an exponent mark and sign take 4 characters of it), so no two digits
 *   STRIDE apart with only digits between means none;
 * - an integer literal beyond 2^53 reads as a number whose magnitude exceeds
 *   Number.MAX_SAFE_INTEGER (so does a large non-integer, which only costs the slow path);
 * - every member of every object puts one colon in the text after a closing quote (and
 *   JSON whitespace); a colon inside a string can add to that count, never take from it.
 *   So when the text has no more such colons than the parsed objects have members, no
 *   object had a member name twice.
 */
export function readJson(text: string): JsonScanResult {
  const plain = plainJson(text);
  return plain ? {ok: true, scan: {value: plain.value, duplicateKeys: [], bigIntegers: []}} : scanJson(text);
}

/**
 * JSON.parse's value of the text when the checks above show scanJson would read the same
 * value and report nothing; null when they cannot show it (then only scanJson can say).
 */
export function plainJson(text: string): {readonly value: unknown} | null {
  if (mayHoldLongNumber(text)) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const members = plainMembers(value);
  return members !== null && members === memberColons(text) ? {value} : null;
}

/** Digits STRIDE apart: a run of 2 × STRIDE digits always holds two such, with digits between. */
const STRIDE = 64;

/** Whether the text may hold a run of 133 or more digits (true also for some shorter runs). */
function mayHoldLongNumber(text: string): boolean {
  for (let i = 0; i + STRIDE < text.length; i += STRIDE) {
    if (!isDigit(text.charCodeAt(i)) || !isDigit(text.charCodeAt(i + STRIDE))) continue;
    let k = i + 1;
    while (k < i + STRIDE && isDigit(text.charCodeAt(k))) k++;
    if (k === i + STRIDE) return true;
  }
  return false;
}

/**
 * How many members the objects of a parsed value hold in all, or null when some value is
 * nested deeper than scanJson reads or is a number of a magnitude beyond 2^53 - 1.
 */
function plainMembers(root: unknown): number | null {
  const max = Number.MAX_SAFE_INTEGER;
  let members = 0;
  // Written for speed (a million coordinates at 10k plots): numbers are checked in the loop,
  // only containers recurse. A value is at depth MAX_DEPTH + 1 exactly when a non-empty
  // container is at depth MAX_DEPTH.
  const container = (v: object, depth: number): boolean => {
    const values: unknown[] = Array.isArray(v) ? v : Object.values(v);
    if (values.length > 0 && depth >= MAX_DEPTH) return false;
    if (!Array.isArray(v)) members += values.length;
    for (let k = 0; k < values.length; k++) {
      const x = values[k];
      if (typeof x === 'number' ? !(x <= max && x >= -max) : typeof x === 'object' && x !== null && !container(x, depth + 1)) return false;
    }
    return true;
  };
  if (typeof root === 'number') return root <= max && root >= -max ? 0 : null;
  if (typeof root !== 'object' || root === null) return 0;
  return container(root, 0) ? members : null;
}

/** Colons after a quote and optional JSON whitespace: at least one per object member. */
function memberColons(text: string): number {
  let n = 0;
  for (let i = text.indexOf(':'); i !== -1; i = text.indexOf(':', i + 1)) {
    let j = i - 1;
    for (let c = text.charCodeAt(j); c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09; c = text.charCodeAt(--j));
    if (text.charCodeAt(j) === 0x22) n++;
  }
  return n;
}
