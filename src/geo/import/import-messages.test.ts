import {describe, expect, it} from 'vitest';
import {fixtureBytes} from './fixture-helpers';
import {importPlotFile} from './import-plot-file';
import {reportCollector, reportMessages, type ImportResponse} from './import-messages';

const staged = () => importPlotFile('datong-plots.kml', fixtureBytes('datong-plots.kml'));

describe('report messages', () => {
  it('carries a ready report in parts and gathers it back whole, plots in order', async () => {
    const report = await staged();
    expect(report.status === 'ready' && report.plots.length).toBe(4);
    const messages = reportMessages(7, report, 3);
    expect(messages.map((m) => ('part' in m ? `part ${m.part.length}` : 'report'))).toEqual(['part 3', 'part 1', 'report']);
    // What crosses to the page is a structured clone of each message.
    const collector = reportCollector();
    const outcomes = messages.map((m) => collector.add(structuredClone(m)));
    expect(outcomes.slice(0, 2)).toEqual([null, null]);
    expect(outcomes[2]).toEqual(report);
  });

  it('sends a small report as one message', async () => {
    const report = await staged();
    expect(reportMessages(1, report)).toEqual([{id: 1, ok: true, report}]);
    expect(reportCollector().add({id: 1, ok: true, report})).toBe(report);
  });

  it('refuses a report whose parts went missing rather than show it with plots left out', async () => {
    const report = await staged();
    const [, second, last] = reportMessages(2, report, 3) as [ImportResponse, ImportResponse, ImportResponse];
    const collector = reportCollector();
    expect(collector.add(second)).toBeNull();
    const outcome = collector.add(last);
    expect(outcome).toBeInstanceOf(Error);
    expect((outcome as Error).message).toBe('the import worker sent 1 of 4 plots');
  });

  it('passes the worker error on', () => {
    expect(reportCollector().add({id: 3, ok: false, error: 'boom'})).toEqual(new Error('boom'));
  });
});
