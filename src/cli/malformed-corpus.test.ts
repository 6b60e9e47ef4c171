import {describe, expect, it} from 'vitest';
import {readFileSync} from 'node:fs';
import {importPlotFile} from '../geo/import/import-plot-file';
import type {WorkerImportOptions} from '../geo/import/import-messages';
import {loadSqlWasmFromNodeModules} from '../geo/import/sql-wasm-node';
import type {StagedImport} from '../geo/import/staged-import';
import type {Case} from '../../tests/fixtures/malformed/case-types';
import {runTally} from './tally-command';

/*
 * The malformed corpus (tests/fixtures/malformed/, written by make-malformed.ts, expectations
 * in cases.json stated by hand) through both paths a file takes: the import worker's
 * (importPlotFile with options and report crossing a structured clone, as import.worker.ts
 * does) and the command line's (runTally in-process). Both must give the expected outcome.
 * It sits in src/cli because it drives the command too, and src/geo imports nothing above it.
 */


const dir = new URL('../../tests/fixtures/malformed/', import.meta.url);
const cases = JSON.parse(readFileSync(new URL('cases.json', dir), 'utf8')) as Case[];
const bytesOf = (file: string) => new Uint8Array(readFileSync(new URL(file, dir)));

/** As the worker runs it: options and bytes cloned in, the report cloned out. */
async function throughWorkerPath(c: Case): Promise<StagedImport> {
  const options: WorkerImportOptions = structuredClone(c.options ?? {});
  const bytes = structuredClone(bytesOf(c.file).buffer);
  let n = 0;
  const report = await importPlotFile(c.file.split('/').pop()!, new Uint8Array(bytes), {...options, loadSqlWasm: loadSqlWasmFromNodeModules, newId: () => `new-${++n}`});
  return structuredClone(report);
}

function cliArgs(c: Case): string[] {
  const o = c.options ?? {};
  return ['--json', ...(o.sourceCrs ? ['--source-crs', o.sourceCrs] : []), ...(o.encoding ? ['--encoding', o.encoding] : []), ...(o.swapLonLat ? ['--swap-lon-lat'] : []), c.file];
}

const codesOf = (reasons: readonly {code: string}[]) => reasons.map((r) => r.code);

describe('malformed import corpus', () => {
  it('has 60+ cases over every format', () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
    const formats = new Set(cases.map((c) => c.file.split('/')[0]));
    expect([...formats].sort()).toEqual(['csv', 'geojson', 'geopackage', 'gpx', 'kml', 'shapefile']);
  });

  it.each(cases.map((c) => [`${c.file}${c.options ? ` ${JSON.stringify(c.options)}` : ''}: ${c.about}`, c] as const))('%s', async (_name, c) => {
    const e = c.expect;
    const report = await throughWorkerPath(c);
    expect(report.status, JSON.stringify(report).slice(0, 600)).toBe(e.status);

    if (report.status === 'ready') {
      if (e.imported !== undefined) expect(report.plots.length).toBe(e.imported);
      if (e.rejected !== undefined) {
        expect(report.rejected.map((r) => r.where)).toEqual(e.rejected.map((r) => r.where));
        e.rejected.forEach((r, i) => expect(codesOf(report.rejected[i]!.reasons)).toEqual(expect.arrayContaining(r.codes)));
      }
      if (e.repairable !== undefined) {
        expect(report.repairable.map((r) => [r.where, r.repairs])).toEqual(e.repairable.map((r) => [r.where, r.repairs]));
        e.repairable.forEach((r, i) => r.codes && expect(codesOf(report.repairable[i]!.reasons)).toEqual(expect.arrayContaining(r.codes)));
      }
      if (e.points !== undefined) expect(report.points.length).toBe(e.points);
      if (e.notices) expect(report.notices.map((n) => n.code)).toEqual(expect.arrayContaining(e.notices));
      if (e.swapSuggested !== undefined) expect(report.swapSuggested ?? false).toBe(e.swapSuggested);
      if (e.encoding) expect(report.encoding).toBe(e.encoding);
      if (e.extraKeys) expect(Object.keys(report.plots[0]!.plot.properties.extra ?? {}).sort()).toEqual([...e.extraKeys].sort());
      // Nothing is lost silently: every feature read is a plot, a rejection, a repair offer or a point.
      expect(report.plots.length + report.rejected.length + report.repairable.length + report.points.length).toBe(report.read);
      // Every reason carries what its words are made from (worded and checked in
      // i18n/reason-text.test.ts); none of the old misleading causes.
      for (const r of [...report.rejected, ...report.repairable].flatMap((x) => x.reasons)) {
        expect(typeof r.params).toBe('object');
        expect(JSON.stringify(r.params)).not.toMatch(/not a Polygon or MultiPolygon|DataView/);
        // Numbers that do not fit a system are shown as numbers, never as JSON's null.
        if (r.code === 'crs-mismatch') expect(String(r.params.numbers)).not.toMatch(/null/);
      }
      // No two importable plots share an id (they would be stored as one).
      const ids = report.plots.map((p) => p.plot.properties.id);
      expect(new Set(ids).size).toBe(ids.length);
    }
    if (report.status === 'needs-crs' && e.firstCandidate) expect(report.candidates[0]?.code).toBe(e.firstCandidate);
    if (report.status === 'needs-encoding') {
      const encodings = report.candidates.map((x) => x.encoding);
      if (e.firstCandidate) expect(encodings[0]).toBe(e.firstCandidate);
      if (e.candidates) expect(encodings).toEqual(expect.arrayContaining(e.candidates));
      if (e.notFirstCandidate) expect(encodings[0]).not.toBe(e.notFirstCandidate);
      if (e.previewContains) expect(report.candidates.map((x) => x.preview).join('\n')).toContain(e.previewContains);
    }

    const cli = await runTally(cliArgs(c), {
      readFile: (path) => bytesOf(path), exists: () => false, defaultZonesPath: '', today: '2025-06-30', loadSqlWasm: loadSqlWasmFromNodeModules,
    });
    if (e.status !== 'ready') {
      expect(cli.exitCode).toBe(2);
      expect(cli.stderr).toContain(e.status === 'needs-crs' ? 'pass --source-crs' : e.status === 'needs-encoding' ? 'pass --encoding' : 'cannot parse');
      return;
    }
    expect(cli.stderr).toBe('');
    const out = JSON.parse(cli.stdout) as {validPlots: number; invalid: {index: number; reasons: {code: string}[]}[]; swapLonLatSuggested?: string[]};
    if (report.status !== 'ready') return;
    expect(out.validPlots).toBe(report.plots.length);
    const staged = [...report.rejected, ...report.repairable].sort((a, b) => a.index - b.index);
    expect(out.invalid.map((x) => [x.index, codesOf(x.reasons)])).toEqual(staged.map((x) => [x.index, codesOf(x.reasons)]));
    expect(cli.exitCode).toBe(staged.length > 0 ? 1 : 0);
    expect(out.swapLonLatSuggested !== undefined).toBe(report.swapSuggested === true);
  });
});
