import type * as Xmldom from '@xmldom/xmldom';
import {needsEncoding, unreadable, type ReaderResult} from './plot-reader';
import {decodeText} from './text-decoding';

export type XmlDocument = {readonly ok: true; readonly doc: Document; readonly encoding: string} | {readonly ok: false; readonly result: ReaderResult};

let xmldom: typeof Xmldom | null = null;

/**
 * Loads @xmldom/xmldom, which parseXml needs: when a KML, KMZ or GPX file comes, not at every
 * start of `npm run tally` on a GeoJSON file (evaluating its 220 KB was ≈15 ms of it, issue 11).
 */
export async function loadXmlParser(): Promise<void> {
  xmldom ??= await import('@xmldom/xmldom');
}

/**
 * Parses KML or GPX with @xmldom/xmldom, once loadXmlParser has loaded it (the same DOMParser
 * in node and in a worker, where the browser has none). A document type declaration with an internal subset is refused
 * before parsing: entity expansion ("billion laughs") is the XML bomb, and neither KML 2.2
 * (OGC 07-147r2) nor GPX 1.1 has any use for a DTD. External entities are never fetched.
 */
export function parseXml(bytes: Uint8Array, encoding: string | null): XmlDocument {
  const prolog = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
  const declared = /^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(prolog)?.[1] ?? null;
  const decoded = decodeText(bytes, encoding ?? declared);
  if (!decoded.ok) return {ok: false, result: needsEncoding(decoded.candidates, decoded.declared, decoded.why)};
  const text = decoded.text;
  if (/<!DOCTYPE[^>]*\[/i.test(text) || /<!ENTITY/i.test(text)) {
    return {ok: false, result: unreadable('the XML declares a DTD with entities; refused (entity expansion can be a denial-of-service bomb)')};
  }
  const parser = xmldom;
  if (!parser) throw new Error('parseXml needs loadXmlParser first');
  const errors: string[] = [];
  try {
    const doc = new parser.DOMParser({onError: (level, message) => {
      if (level !== 'warning') errors.push(message);
    }}).parseFromString(text, 'text/xml');
    if (errors.length > 0 || !doc.documentElement) return {ok: false, result: unreadable(`not well-formed XML: ${errors[0] ?? 'no root element'}`)};
    return {ok: true, doc: doc as unknown as Document, encoding: decoded.encoding};
  } catch (e) {
    return {ok: false, result: unreadable(`not well-formed XML: ${(e as Error).message}`)};
  }
}
