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
const pointerPart = (key: string): string => key.replace(/~/g, '~0').replace(/\//g, '~1');

/** Parses JSON text; never throws on bad input. */
export function scanJson(text: string): JsonScanResult {
  let i = 0;
  const duplicateKeys: string[] = [];
  const bigIntegers: string[] = [];

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
        const simple: Record<string, string> = {'"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t'};
        if (e !== undefined && e in simple) {
          out += simple[e];
          i += 2;
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
        } else fail('bad escape');
        start = i;
      } else i++;
    }
  };
  const number = (path: string): number | string => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!match) return fail('unexpected character');
    i += match[0].length;
    const n = Number(match[0]);
    if (match[2] === undefined && match[3] === undefined && !Number.isSafeInteger(n)) {
      bigIntegers.push(path);
      return match[0];
    }
    return n;
  };
  const value = (path: string, depth: number): unknown => {
    if (depth > MAX_DEPTH) fail('nesting too deep');
    space();
    const c = text[i];
    if (c === '{') {
      i++;
      const object: Record<string, unknown> = {};
      const seen = new Set<string>();
      space();
      if (text[i] === '}') {
        i++;
        return object;
      }
      for (;;) {
        space();
        if (text[i] !== '"') fail('expected a member name');
        const key = string();
        space();
        if (text[i] !== ':') fail('expected ":"');
        i++;
        const memberPath = `${path}/${pointerPart(key)}`;
        if (seen.has(key)) duplicateKeys.push(memberPath);
        seen.add(key);
        Object.defineProperty(object, key, {value: value(memberPath, depth + 1), enumerable: true, writable: true, configurable: true});
        space();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          return object;
        } else fail('expected "," or "}"');
      }
    }
    if (c === '[') {
      i++;
      const array: unknown[] = [];
      space();
      if (text[i] === ']') {
        i++;
        return array;
      }
      for (;;) {
        array.push(value(`${path}/${array.length}`, depth + 1));
        space();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          return array;
        } else fail('expected "," or "]"');
      }
    }
    if (c === '"') return string();
    for (const [word, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return v;
      }
    }
    if (c === undefined) return fail('unexpected end of input');
    return number(path);
  };

  try {
    const result = value('', 0);
    space();
    if (i < text.length) fail('unexpected text after the JSON value');
    return {ok: true, scan: {value: result, duplicateKeys, bigIntegers}};
  } catch (e) {
    return {ok: false, cause: `not valid JSON: ${(e as Error).message}`};
  }
}
