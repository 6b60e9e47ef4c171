import type {StagedPlot, StagedRepair} from './staged-import';
import {duplicateId} from './import-reasons';

/*
 * Two features of one file with the same id would be stored as one plot (the second
 * overwriting the first) while both were counted. The first keeps its id; each later one is
 * held back as a repair the user may consent to — import it under a new id — with the reason
 * "duplicate id, also at feature N". Nothing is dropped and nothing is renamed unasked.
 */

export type DeduplicatedPlots = {readonly plots: readonly StagedPlot[]; readonly repairable: readonly StagedRepair[]};

export function flagDuplicateIds(plots: readonly StagedPlot[], repairable: readonly StagedRepair[], newId: () => string): DeduplicatedPlots {
  const firstWhere = new Map<string, string>();
  const kept: StagedPlot[] = [];
  const held: StagedRepair[] = [];
  const candidates = [
    ...plots.map((p) => ({plot: p, repair: null as StagedRepair | null})),
    ...repairable.map((r) => ({plot: r.repaired, repair: r})),
  ].sort((a, b) => a.plot.index - b.plot.index);
  for (const {plot, repair} of candidates) {
    const id = plot.plot.properties.id;
    const first = firstWhere.get(id);
    if (first === undefined) {
      firstWhere.set(id, plot.where);
      if (repair) held.push(repair);
      else kept.push(plot);
      continue;
    }
    const renamed: StagedPlot = {...plot, plot: {...plot.plot, properties: {...plot.plot.properties, id: newId()}}};
    held.push({
      index: plot.index, where: plot.where, id,
      reasons: [...(repair?.reasons ?? []), duplicateId(id, first)],
      repairs: [...(repair?.repairs ?? []), 'new-id'],
      repaired: renamed,
    });
  }
  return {plots: kept, repairable: held.sort((a, b) => a.index - b.index)};
}
