import type {PackContainer} from './pack-types';
import {inspectPack} from './inspect-pack';
import type {PackProblem} from './inspect-pack';
import {inspectMbtiles, isSqlite} from './mbtiles';
import type {SqlWasmLoader} from './mbtiles';
import type {PackDescription} from './pack-types';

export type DescribedPack =
  | {readonly ok: true; readonly container: PackContainer; readonly pack: PackDescription}
  | {readonly ok: false; readonly problem: PackProblem};

/**
 * What a pack file is, from its first bytes: an SQLite file is read as MBTiles (whole, in
 * memory, see mbtiles.ts), anything else as PMTiles v3 (by range, see inspect-pack.ts).
 */
export async function describePackFile(file: Blob, loadSqlWasm: SqlWasmLoader | null): Promise<DescribedPack> {
  if (file.size >= 16 && (await isSqlite(file))) {
    if (!loadSqlWasm) return {ok: false, problem: {code: 'not-pmtiles'}};
    const m = await inspectMbtiles(file, loadSqlWasm);
    return m.ok ? {ok: true, container: 'mbtiles', pack: m.pack} : m;
  }
  const inspection = await inspectPack(file);
  return inspection.ok ? {ok: true, container: 'pmtiles', pack: inspection.pack} : inspection;
}
