import type {Plot} from '../plot';
import type {SubsidenceZone} from '../tally';
import {TallyIndex} from '../tally-index';
import type {TallyRequest, TallyResponse} from './tally-messages';
import {unpackPlotBatch} from './plot-batch';

/**
 * The tally worker's state machine, apart from the worker global so it can be tested in node:
 * `handle` takes the page's messages in order and returns a response for each `tally`.
 */
export function createTallyCore(): {handle: (message: TallyRequest) => TallyResponse | null} {
  let options: {zones: readonly SubsidenceZone[]; undated: 'count' | 'leave-out'} = {zones: [], undated: 'count'};
  let index: TallyIndex | null = null;
  // Gathered since the last reset, dissolved at once when the figures are asked for.
  let gathering: Map<string, Plot> | null = new Map();

  return {
    handle(message) {
      switch (message.kind) {
        case 'reset':
          options = {zones: message.zones, undated: message.undated};
          index = null;
          gathering = new Map();
          return null;
        case 'put': {
          const plots = unpackPlotBatch(message.plots);
          if (gathering) {
            for (const id of message.remove) gathering.delete(id);
            for (const p of plots) gathering.set(p.properties.id, p);
          } else {
            for (const id of message.remove) index!.remove(id);
            for (const p of plots) index!.set(p);
          }
          return null;
        }
        case 'tally':
          try {
            if (gathering) {
              index = new TallyIndex([...gathering.values()], options);
              gathering = null;
            }
            return {seq: message.seq, tally: index!.tally(message.asOf)};
          } catch (err) {
            return {seq: message.seq, error: err instanceof Error ? err.message : String(err)};
          }
      }
    },
  };
}
