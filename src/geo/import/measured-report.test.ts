import {describe, expect, it} from 'vitest';
import {polygonAreaSquareMeters} from '../area';
import {expectReady, importFixture} from './fixture-helpers';
import {importPlotFile} from './import-plot-file';
import {measuredReport} from './measured-report';

describe('measured report', () => {
  it('gives every staged plot, repairs included, its own ellipsoidal area and changes nothing else', async () => {
    let plots = 0, repairs = 0;
    for (const name of ['datong-plots-tracks.gpx', 'open-track-and-waypoint.gpx']) {
      const report = expectReady(await importFixture(name));
      const measured = expectReady(measuredReport(report));
      for (const [i, p] of measured.plots.entries()) {
        expect(p.areaSquareMeters).toBe(polygonAreaSquareMeters(p.plot.geometry));
        expect(p.areaSquareMeters).toBeGreaterThan(0);
        expect({...p, areaSquareMeters: undefined}).toEqual({...report.plots[i], areaSquareMeters: undefined});
      }
      for (const r of measured.repairable) expect(r.repaired.areaSquareMeters).toBe(polygonAreaSquareMeters(r.repaired.plot.geometry));
      expect({...measured, plots: [], repairable: []}).toEqual({...report, plots: [], repairable: []});
      plots += measured.plots.length;
      repairs += measured.repairable.length;
    }
    expect([plots > 0, repairs > 0]).toEqual([true, true]);
  });

  it('leaves a report that is not ready alone', async () => {
    const report = await importPlotFile('broken.geojson', new TextEncoder().encode('{"type": "FeatureCollection", "features": ['));
    expect(report.status).toBe('unreadable');
    expect(measuredReport(report)).toBe(report);
  });
});
