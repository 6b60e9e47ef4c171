import type {TallyRequest, TallyResponse} from './tally-messages';
import {createTallyCore} from './tally-worker-core';

/*
 * The programme tally off the main thread (issue 11): the page sends the plots as they change
 * (tally-service.ts in src/state) and gets the figures back, so dissolving 10,000 plots never
 * blocks the map or a form. Started as a module worker:
 * new Worker(new URL('./tally.worker.ts', import.meta.url), {type: 'module'}).
 */

const scope = self as unknown as {onmessage: ((event: MessageEvent<TallyRequest>) => void) | null; postMessage: (message: TallyResponse) => void};
const core = createTallyCore();

scope.onmessage = (event) => {
  const response = core.handle(event.data);
  if (response) scope.postMessage(response);
};
