import {describe, expect, it} from 'vitest';
import {fixtureBytes} from './fixture-helpers';
import {createImportClient, type ImportWorkerLike} from './import-client';
import {reportMessages, type ImportRequest, type ImportResponse} from './import-messages';
import {importPlotFile} from './import-plot-file';

/** Runs the pipeline in-process behind the worker interface, as import.worker.ts does in a browser. */
function inProcessWorker(log: string[], stall = false): ImportWorkerLike {
  const worker: ImportWorkerLike = {
    onmessage: null,
    postMessage(message: ImportRequest) {
      log.push(`post ${message.fileName}`);
      if (stall) return;
      // In parts of three plots, as the worker posts a big report.
      void importPlotFile(message.fileName, new Uint8Array(message.bytes), message.options).then((report) => {
        for (const data of reportMessages(message.id, report, 3)) worker.onmessage?.({data} as MessageEvent<ImportResponse>);
      });
    },
    terminate: () => log.push('terminate'),
  };
  return worker;
}

const bytesOf = (name: string) => new Uint8Array(fixtureBytes(name)).buffer;

describe('import client', () => {
  it('resolves with the staged report from the worker', async () => {
    const log: string[] = [];
    const client = createImportClient(() => inProcessWorker(log));
    const report = await client.importFile('datong-plots.kml', bytesOf('datong-plots.kml'));
    expect(report.status === 'ready' && report.plots.map((p) => p.index)).toEqual([0, 1, 2, 3]);
    expect(log).toEqual(['post datong-plots.kml']);
  });

  it('terminates a worker that outruns its time budget and starts a fresh one next time', async () => {
    const log: string[] = [];
    let stall = true;
    const client = createImportClient(() => inProcessWorker(log, stall));
    const stuck = await client.importFile('datong-plots.kml', bytesOf('datong-plots.kml'), {budget: {maxMilliseconds: -4_950}});
    expect(stuck.status === 'unreadable' && stuck.cause).toMatch(/took longer than 50 ms and was stopped/);
    expect(log).toEqual(['post datong-plots.kml', 'terminate']);
    stall = false;
    const next = await client.importFile('datong-plots.geojson', bytesOf('datong-plots.geojson'));
    expect(next.status).toBe('ready');
  });
});
