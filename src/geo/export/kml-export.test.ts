import {DOMParser} from '@xmldom/xmldom';
import {describe, expect, it} from 'vitest';
import {PLOT_STATUSES} from '../../../seeds/programme';
import {PLOT_PALETTE, STATUS_COLORS} from '../../catalogue/plots';
import type {Plot} from '../plot';
import {expectReady, FIXED_NOW, importFixture} from '../import/fixture-helpers';
import {importPlotFile} from '../import/import-plot-file';
import {kmlColor, plotsToKml} from './kml-export';

/* KML export for Google Earth, which renders descriptions (and its default balloon) as HTML. */

const hostile = expectReady(await importFixture('hostile-html-names.kml')).plots.map((p) => p.plot);
const base = hostile[0]!;
const withNotes = (notes: string, name = base.properties.name): Plot => ({...base, properties: {...base.properties, name, notes}});

const HOSTILE_NOTES = [
  '<script>alert("x")</script><b>验收</b> 合格',
  '<img src=x onerror=alert(1)>',
  '<a href="javascript:alert(1)">点击</a>',
  '<img src="https://evil.example/track.png">',
  '<iframe src="//evil.example"></iframe> & &amp; &lt;',
  ']]><script>1</script><![CDATA[',
];

const parse = (text: string) => new DOMParser().parseFromString(text, 'text/xml') as unknown as Document;
const texts = (doc: Document, tag: string) => Array.from(doc.getElementsByTagName(tag)).map((e) => e.textContent ?? '');
/** What a browser makes of the description's HTML: character references back to characters. */
const htmlToText = (html: string) => html.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

describe('KML export', () => {
  it('writes hostile notes as plain text: the description Earth renders holds no markup and no CDATA', () => {
    const plots = HOSTILE_NOTES.map((n) => withNotes(n));
    const text = plotsToKml(plots, {palette: PLOT_PALETTE});
    expect(text).not.toContain('<![CDATA[');
    const descriptions = texts(parse(text), 'description');
    expect(descriptions).toHaveLength(HOSTILE_NOTES.length);
    for (const [i, html] of descriptions.entries()) {
      // The HTML Earth receives has no tag at all, so no script, handler, link or image.
      expect(html).not.toMatch(/[<>]/);
      // And shown as HTML it reads exactly as the notes were typed.
      expect(htmlToText(html)).toBe(HOSTILE_NOTES[i]);
    }
  });

  it('keeps Earth from laying names and ExtendedData out as HTML: every balloon shows only the description', () => {
    const doc = parse(plotsToKml(hostile, {palette: PLOT_PALETTE}));
    const styles = Array.from(doc.getElementsByTagName('Style'));
    expect(styles).toHaveLength(PLOT_STATUSES.length);
    for (const style of styles) expect(texts(style as unknown as Document, 'text')).toEqual(['$[description]']);
    expect(doc.getElementsByTagName('name')[1]?.textContent).toBe('<img src=x onerror=alert(1)>北坡');
  });

  it('imports back with the exact hostile name and notes', async () => {
    const plots = HOSTILE_NOTES.map((n, i) => ({...withNotes(n, `${HOSTILE_NOTES[i]}名`), properties: {...withNotes(n).properties, id: `h-${i}`, name: `${n}名`}}));
    const back = expectReady(await importPlotFile('out.kml', new TextEncoder().encode(plotsToKml(plots, {palette: PLOT_PALETTE})), {now: () => FIXED_NOW}));
    expect(back.plots.map((p) => [p.plot.properties.name, p.plot.properties.notes])).toEqual(HOSTILE_NOTES.map((n) => [`${n}名`, n]));
  });

  it('draws each status in the app’s colours, the fill at the map’s opacity', () => {
    const doc = parse(plotsToKml(hostile, {palette: PLOT_PALETTE}));
    for (const status of PLOT_STATUSES) {
      const style = Array.from(doc.getElementsByTagName('Style')).find((s) => s.getAttribute('id') === `status-${status}`)!;
      const [line, fill] = texts(style as unknown as Document, 'color');
      // aabbggrr back to #rrggbb, read independently of kmlColor.
      const rgb = (c: string) => `#${c.slice(6, 8)}${c.slice(4, 6)}${c.slice(2, 4)}`;
      expect(rgb(line!)).toBe(STATUS_COLORS[status].toLowerCase());
      expect(rgb(fill!)).toBe(STATUS_COLORS[status].toLowerCase());
      expect(line!.slice(0, 2)).toBe('ff');
      expect(parseInt(fill!.slice(0, 2), 16) / 255).toBeCloseTo(PLOT_PALETTE.fillOpacity, 2);
    }
  });

  it('converts #rrggbb to aabbggrr and refuses anything else', () => {
    expect(kmlColor('#0b5d25')).toBe('ff255d0b');
    expect(kmlColor('#E08A00', 0.45)).toBe('73008ae0');
    expect(() => kmlColor('red')).toThrow(/#rrggbb/);
  });
});
