import type {PlotRepository} from './persistence/plot-repository';

/**
 * The store's open device database, shared by the slices that read or write it (plots,
 * presenter slides, backup). It is not state: components reach storage only through the
 * slices' actions, never through the repository itself.
 */
export type DeviceLink = {repository: PlotRepository | null};

export const deviceLink = (): DeviceLink => ({repository: null});
