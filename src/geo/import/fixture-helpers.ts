import {readFileSync} from 'node:fs';
import {polygonAreaSquareMeters} from '../area';
import {importPlotFile} from './import-plot-file';
import {loadSqlWasmFromNodeModules} from './sql-wasm-node';
import type {ImportOptions, ReadyImport, StagedImport} from './staged-import';

/** Test helpers shared by the import and export fixture tests (node only). */

export const fixtureBytes = (name: string): Uint8Array => readFileSync(new URL(`../../../tests/fixtures/${name}`, import.meta.url));

export const FIXED_NOW = '2025-06-30T00:00:00.000Z';

export async function importFixture(name: string, options: ImportOptions = {}): Promise<StagedImport> {
  let n = 0;
  return importPlotFile(name, fixtureBytes(name), {loadSqlWasm: loadSqlWasmFromNodeModules, now: () => FIXED_NOW, newId: () => `generated-${++n}`, ...options});
}

export function expectReady(result: StagedImport): ReadyImport {
  if (result.status !== 'ready') throw new Error(`expected a ready import, got ${result.status}: ${JSON.stringify(result).slice(0, 400)}`);
  return result;
}

/** The fields every format must carry unchanged, and the shape: parts and rings per part. */
export function plotFields(result: ReadyImport) {
  return result.plots.map(({plot}) => {
    const p = plot.properties;
    const polygons = plot.geometry.type === 'Polygon' ? [plot.geometry.coordinates] : plot.geometry.coordinates;
    return {id: p.id, name: p.name, zone: p.zone, measure: p.measure, status: p.status, completed: p.completed, team: p.team, notes: p.notes, rings: polygons.map((rings) => rings.length)};
  });
}

/** Area (CGCS2000 ellipsoid) and bounding box of each plot, for comparing within a tolerance. */
export function plotFigures(result: ReadyImport) {
  return result.plots.map(({plot}) => {
    const all = (plot.geometry.type === 'Polygon' ? [plot.geometry.coordinates] : plot.geometry.coordinates).flat(2);
    const xs = all.map((q) => q[0]!), ys = all.map((q) => q[1]!);
    return {areaSquareMeters: polygonAreaSquareMeters(plot.geometry), bbox: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)]};
  });
}
