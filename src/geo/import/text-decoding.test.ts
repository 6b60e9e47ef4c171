import {describe, expect, it} from 'vitest';
import {decodeText, encodingCandidates, gb18030Plausibility, previewOf, utf16ByZeros} from './text-decoding';

const latin1 = (s: string) => Uint8Array.from([...s].map((c) => c.charCodeAt(0)));
const utf16le = (s: string) => new Uint8Array(Uint16Array.from([...s].map((c) => c.charCodeAt(0))).buffer);

describe('text decoding', () => {
  it('does not take Latin-1 "Zéang" for GB18030 (it would read Z閍ng) and offers windows-1252 first', () => {
    const bytes = latin1('name\nZéang\n');
    expect(gb18030Plausibility(bytes)).toBe('rare');
    const decoded = decodeText(bytes);
    expect(decoded.ok).toBe(false);
    if (decoded.ok) return;
    expect(decoded.candidates[0]).toEqual({encoding: 'windows-1252', preview: 'Zéang'});
    expect(decoded.candidates.find((c) => c.encoding === 'gb18030')?.preview).toBe('Z閍ng');
  });

  it('reads GBK of common characters as GB18030, guessed; asks for level-2 characters', () => {
    expect(decodeText(Uint8Array.of(0xb1, 0xb1, 0xc6, 0xc2))).toEqual({ok: true, text: '北坡', encoding: 'gb18030', guessed: true});
    expect(decodeText(Uint8Array.of(0xd8, 0xa8, 0xb1, 0xb1)).ok).toBe(false);
  });

  it('calls UTF-8 beside GBK mixed, not GB18030', () => {
    const bytes = Uint8Array.from([...new TextEncoder().encode('测试,'), 0xb1, 0xb1]);
    const decoded = decodeText(bytes);
    expect(decoded.ok === false && decoded.why).toBe('mixed');
  });

  it('detects UTF-16 without a BOM from its zero bytes, and never offers windows-1252 first for it', () => {
    expect(utf16ByZeros(utf16le('id,name\r\n1,北坡\r\n'))).toBe('utf-16le');
    expect(decodeText(utf16le('id,name\r\n1,北坡\r\n'))).toMatchObject({ok: true, text: 'id,name\r\n1,北坡\r\n', encoding: 'utf-16le'});
    const odd = Uint8Array.from([...utf16le('id,name\r\n1,北坡\r\n'), 0x41]);
    const candidates = encodingCandidates(odd).map((c) => c.encoding);
    expect(candidates[0]).not.toBe('windows-1252');
  });

  it('leaves a .dbf\'s NUL padding to UTF-8 rather than calling it UTF-16', () => {
    expect(decodeText(Uint8Array.from([0x61, 0x62, 0, 0, 0, 0x63, 0x64, 0x65, 0, 0]))).toMatchObject({ok: true, encoding: 'utf-8'});
  });

  it('previews the lines holding non-ASCII text, cut around it', () => {
    expect(previewOf('id,name\n1,plain\n2,Zéang\n')).toBe('2,Zéang');
    expect(previewOf('ascii only')).toBe('ascii only');
  });
});
