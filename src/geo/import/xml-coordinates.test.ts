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
    const ring = kmlCoordinates('1,2 3,4 abc,def 5,6', {ring: 0}, issues);
    expect(ring).toHaveLength(4);
    expect(issues.map((r) => [r.code, r.params])).toEqual([['unreadable-coordinate', {ring: 0, position: 3, text: 'abc,def'}]]);
  });

  it('never turns a hole into the plot when the outer ring is unreadable, and leaves open rings open', () => {
    const {geometry, issues} = placemarkGeometry(placemark('<Polygon><outerBoundaryIs><LinearRing><coordinates>x,y</coordinates></LinearRing></outerBoundaryIs><innerBoundaryIs><LinearRing><coordinates>1,1 2,1 2,2</coordinates></LinearRing></innerBoundaryIs></Polygon>'));
    expect(issues[0]?.params).toMatchObject({ring: 0, position: 1});
    expect((geometry as {coordinates: number[][][]}).coordinates[1]).toEqual([[1, 1], [2, 1], [2, 2]]);
  });
});
