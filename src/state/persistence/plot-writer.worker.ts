import {silentCrossTabChannel} from './cross-tab';
import {DeviceDb} from './device-db';
import {createPlotWriterCore} from './plot-writer-core';
import type {PlotWriterRequest, PlotWriterResponse} from './plot-writer-messages';

/*
 * An import's batches written off the main thread (issue 11): serialising 10,000 plots, their
 * history entries and outbox ops into IndexedDB took the page's main thread 1 s and more per
 * batch. The worker has its own connection; it announces nothing to other tabs (the page does,
 * once a batch is committed) and hears nothing.
 * Started as a module worker: new Worker(new URL('./plot-writer.worker.ts', import.meta.url), {type: 'module'}).
 */

const scope = self as unknown as {onmessage: ((event: MessageEvent<PlotWriterRequest>) => void) | null; postMessage: (message: PlotWriterResponse) => void};

const handle = createPlotWriterCore((database) => DeviceDb.open({name: database, channel: silentCrossTabChannel()}), (response) => scope.postMessage(response));
scope.onmessage = (event) => void handle(event.data);
