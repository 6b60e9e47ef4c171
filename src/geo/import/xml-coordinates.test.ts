import {describe, expect, it} from 'vitest';
import {DOMParser} from '@xmldom/xmldom';
import {kmlCoordinates, placemarkGeometry, strictNumber} from './xml-coordinates';
import type {ValidationReason} from '../validate';

const placemark = (inner: string) => new DOMParser().parseFromString(`<Placemark>${inner}</Placemark>`, 'text/xml').documentElement as unknown as Element;

describe('strict KML/GPX coordinates', () => {
  it('reads numbers strictly: no parseFloat prefix reading, no hex', () => {
    expect([strictNumber('101.62'), strictNumber(' -1e3 '), strictNumber('101.62abc'), strictNumber('0x10'), strictNumber('')]).toEqual([101.62, -1000, null, null, null]);
  });

  it('keeps an unreadable vertex in place and names it, so a hexagon never becomes a pentagon', () => {
    const issues: ValidationReason[] = [];
    const ring = kmlCoordinates('1,2 3,4 abc,def 5,6', {zh: '外环', en: 'the outer ring'}, issues);
    expect(ring).toHaveLength(4);
    expect(issues.map((r) => [r.code, r.message.en])).toEqual([['unreadable-coordinate', 'position 3 of the outer ring, "abc,def", is not a number; it was neither dropped nor half-read']]);
  });

  it('never turns a hole into the plot when the outer ring is unreadable, and leaves open rings open', () => {
    const {geometry, issues} = placemarkGeometry(placemark('<Polygon><outerBoundaryIs><LinearRing><coordinates>x,y</coordinates></LinearRing></outerBoundaryIs><innerBoundaryIs><LinearRing><coordinates>1,1 2,1 2,2</coordinates></LinearRing></innerBoundaryIs></Polygon>'));
    expect(issues[0]?.message.en).toMatch(/^position 1 of the outer ring/);
    expect((geometry as {coordinates: number[][][]}).coordinates[1]).toEqual([[1, 1], [2, 1], [2, 2]]);
  });
});
