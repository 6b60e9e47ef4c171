import {ownRecord} from './plot-reader';
import {decodeStrict, encodingName} from './text-decoding';

/*
 * dBASE III tables (.dbf, the attribute part of an ESRI shapefile, ESRI White Paper 1998 and
 * the dBASE file header layout). Read here rather than with the `shapefile` package's reader,
 * which decodes non-fatally (silent U+FFFD), returns deleted records as live ones, turns
 * dates into local-time Date objects and 19-digit ids into rounded doubles, and drops a
 * field named `__proto__` while setting its object's prototype.
 */

export type DbfField = {readonly name: string; readonly nameBytes: Uint8Array; readonly type: string; readonly length: number; readonly decimals: number; readonly offset: number};

export type DbfTable = {
  readonly recordCount: number;
  readonly fields: readonly DbfField[];
  readonly headerLength: number;
  readonly recordLength: number;
  /** The language driver id (byte 29): 0x4D is code page 936 (GBK), 0x57 "ANSI", 0 none. */
  readonly languageDriver: number;
};

export type DbfRecords = {readonly ok: true; readonly records: readonly (Record<string, unknown> | null)[]} | {readonly ok: false; readonly badRecord: number};

/** The dBASE header and field descriptors, or a reason it is unreadable. */
export function readDbfHeader(bytes: Uint8Array): DbfTable | string {
  if (bytes.length < 33) return 'the .dbf is shorter than its header';
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const recordCount = view.getUint32(4, true);
  const headerLength = view.getUint16(8, true);
  const recordLength = view.getUint16(10, true);
  const fields: DbfField[] = [];
  let offset = 1; // the deletion flag
  for (let at = 32; at + 32 <= headerLength && bytes[at] !== 0x0d; at += 32) {
    let end = at;
    while (end < at + 11 && bytes[end] !== 0) end++;
    const name = new TextDecoder('latin1').decode(bytes.subarray(at, end));
    const field = {name: decodeStrict(bytes.subarray(at, end), 'utf-8') ?? name, nameBytes: bytes.subarray(at, end), type: String.fromCharCode(bytes[at + 11]!), length: bytes[at + 16]!, decimals: bytes[at + 17]!, offset};
    fields.push(field);
    offset += field.length;
  }
  if (offset !== recordLength) return `the .dbf fields add up to ${offset} bytes, its header says ${recordLength}`;
  if (headerLength + recordCount * recordLength > bytes.length) return `the .dbf promises ${recordCount} records but is too short for them`;
  return {recordCount, fields, headerLength, recordLength, languageDriver: bytes[29]!};
}

const LANGUAGE_DRIVERS: Record<number, string> = {0x4d: 'gbk', 0x4f: 'big5', 0x03: 'windows-1252', 0x57: '', 0x00: ''};

/**
 * The encoding a shapefile's text is in, from its `.cpg` (ESRI: a code page number or an
 * encoding name) or else the dBASE language driver id; null when neither says.
 */
export function dbfDeclaredEncoding(cpg: string | null, table: DbfTable): string | null {
  if (cpg !== null && cpg.trim() !== '') {
    const label = cpg.trim();
    const digits = /(\d{3,5})$/.exec(label)?.[1];
    const byPage: Record<string, string> = {'936': 'gbk', '54936': 'gb18030', '65001': 'utf-8', '950': 'big5', '1252': 'windows-1252', '437': 'ibm866'};
    if (digits && byPage[digits]) return byPage[digits]!;
    return encodingName(label);
  }
  return LANGUAGE_DRIVERS[table.languageDriver] || null;
}

/** Bytes of every character field, for deciding the encoding of the table as a whole. */
export function dbfTextBytes(bytes: Uint8Array, table: DbfTable): Uint8Array {
  const parts: Uint8Array[] = [];
  for (let r = 0; r < table.recordCount; r++) {
    const base = table.headerLength + r * table.recordLength;
    for (const f of table.fields) if (f.type === 'C') parts.push(bytes.subarray(base + f.offset, base + f.offset + f.length), Uint8Array.of(0x0a));
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function fieldValue(raw: Uint8Array, field: DbfField, encoding: string): unknown {
  const ascii = () => new TextDecoder('latin1').decode(raw).trim();
  switch (field.type) {
    case 'C': {
      const text = decodeStrict(raw, encoding);
      if (text === null) throw new RangeError('undecodable');
      return text.replace(/[\s\0]+$/, '');
    }
    case 'N':
    case 'F': {
      const text = ascii();
      if (text === '' || /^\*+$/.test(text)) return null;
      const n = Number(text);
      if (!Number.isFinite(n)) return text;
      return /^-?\d+$/.test(text) && !Number.isSafeInteger(n) ? text : n;
    }
    case 'D': {
      const text = ascii();
      return text === '' || /^0{8}$/.test(text) ? null : /^\d{8}$/.test(text) ? `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}` : text;
    }
    case 'L': {
      const text = ascii().toUpperCase();
      return 'YT'.includes(text) && text !== '' ? true : 'NF'.includes(text) && text !== '' ? false : null;
    }
    default:
      return ascii();
  }
}

/** Every record's attributes; a deleted record (flag `*`) is null so record numbers stay aligned with the .shp. */
export function readDbfRecords(bytes: Uint8Array, table: DbfTable, encoding: string): DbfRecords {
  const records: (Record<string, unknown> | null)[] = [];
  const names = table.fields.map((f) => decodeStrict(f.nameBytes, encoding) ?? f.name);
  for (let r = 0; r < table.recordCount; r++) {
    const base = table.headerLength + r * table.recordLength;
    if (bytes[base] === 0x2a) {
      records.push(null);
      continue;
    }
    try {
      records.push(ownRecord(table.fields.map((f, i) => [names[i]!, fieldValue(bytes.subarray(base + f.offset, base + f.offset + f.length), f, encoding)] as const)));
    } catch {
      return {ok: false, badRecord: r};
    }
  }
  return {ok: true, records};
}
