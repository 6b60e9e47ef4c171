import type {PackContainer} from '../../sync/packs-protocol';
import {inspectPack} from './inspect-pack';
import type {PackProblem} from './inspect-pack';
import type {PackDescription} from './pack-types';

export type DescribedPack =
  | {readonly ok: true; readonly container: PackContainer; readonly pack: PackDescription}
  | {readonly ok: false; readonly problem: PackProblem};

/** A PMTiles v3 archive, read by range (see inspect-pack.ts). */
export async function describePackFile(file: Blob, _fileName: string): Promise<DescribedPack> {
  const inspection = await inspectPack(file);
  return inspection.ok ? {ok: true, container: 'pmtiles', pack: inspection.pack} : inspection;
}
