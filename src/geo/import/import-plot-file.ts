import gcoord, {type CRSTypes} from 'gcoord';
import {CGCS2000_GEOGRAPHIC, crsFromName, gaussKrugerCandidates, gaussKrugerCrs, positionToWgs84, WGS84, type CrsInfo} from '../crs';
import type {Plot} from '../plot';
import {NO_COMPLETION_DATE, RING_NOT_CLOSED, validatePlot, type ValidationReason} from '../validate';
import {classifyPositions, coordinateCensus, finitePositions, type CoordinateCensus} from './coordinate-census';
import {flagDuplicateIds} from './duplicate-ids';
import {crsMismatch} from './import-reasons';
import {mapPlotAttributes} from './plot-attributes';
import {BudgetExceeded, type CrsDeclaration, type PlotReader, type RawFeature, type ReaderInput} from './plot-reader';
import {PLOT_READERS} from './read-plots';
import {
  DEFAULT_IMPORT_BUDGET, type ImportFormat, type ImportNotice, type ImportOptions, type NeedsCrsImport, type RepairKind, type SourceShift,
  type StagedImport, type StagedPlot, type StagedPoint, type StagedRejection, type StagedRepair,
} from './staged-import';

type Positions = unknown;

const isPosition = (v: unknown): v is number[] => Array.isArray(v) && v.length >= 2 && v.every((x) => typeof x === 'number');

/**
 * Applies `fn` to every position of a GeoJSON-like geometry, dropping heights; leaves malformed
 * parts for validation to name. Without `fn` (longitude–latitude already) a position of two
 * numbers is kept as it is rather than copied: half a million small arrays fewer at 10k plots
 * (issue 11); nothing downstream changes a position in place.
 */
function mapPositions(geometry: unknown, fn: ((p: readonly number[]) => [number, number]) | null): unknown {
  if (typeof geometry !== 'object' || geometry === null) return geometry;
  const g = geometry as {type?: unknown; coordinates?: unknown; geometries?: unknown};
  const position = (p: number[]): Positions => (fn ? fn(p) : p.length === 2 ? p : [p[0]!, p[1]!]);
  const walk = (c: Positions): Positions => (isPosition(c) ? position(c) : Array.isArray(c) ? c.map(walk) : c);
  if (Array.isArray(g.geometries)) return {type: g.type, geometries: g.geometries.map((x) => mapPositions(x, fn))};
  return {type: g.type, coordinates: walk(g.coordinates)};
}

/** The reader for a file: by its name first, then by its first bytes, GeoJSON last. */
export function plotReaderFor(fileName: string, bytes: Uint8Array): PlotReader {
  const head = bytes.subarray(0, 512);
  return PLOT_READERS.find((r) => r.accepts(fileName, head)) ?? PLOT_READERS.find((r) => r.accepts('', head)) ?? PLOT_READERS[0]!;
}

const SHIFT_FROM: Record<Exclude<SourceShift, 'none'>, CRSTypes> = {gcj02: gcoord.GCJ02, bd09: gcoord.BD09};

/** The CGCS2000 system with the same grid as a Xi'an 1980 or Beijing 1954 one: what a user may accept as an approximation. */
function cgcs2000Counterpart(crs: CrsInfo): CrsInfo {
  if (crs.kind === 'geographic' || crs.zoneWidthDegrees === undefined || crs.zone === undefined) return CGCS2000_GEOGRAPHIC;
  return gaussKrugerCrs('cgcs2000', crs.zoneWidthDegrees, crs.zone, crs.falseEastingMeters !== 500_000);
}

type CrsDecision = {ok: true; crs: CrsInfo; notices: ImportNotice[]} | {ok: false; result: Omit<NeedsCrsImport, 'file' | 'format'>};

/**
 * Which system to read the coordinates in. The file's own declaration wins; the user's choice
 * (`sourceCrs`) fills in where the file says nothing or something unreadable, or accepts a
 * Xi'an 1980 / Beijing 1954 file as its CGCS2000 counterpart. Degrees need no question;
 * a file whose features are mostly in metres does (coordinate-census.ts: the majority of
 * features decides, so one stray value neither makes a file projected nor empties the zones).
 */
function decideCrs(declaration: CrsDeclaration, census: CoordinateCensus, userCrs: CrsInfo | null, format: ImportFormat): CrsDecision {
  const inDegrees = !census.projected;
  const eastingCandidates = () => gaussKrugerCandidates(census.eastings);
  const ask = (reason: NeedsCrsImport['reason'], candidates: CrsInfo[], params: NeedsCrsImport['params'] = {}): CrsDecision => ({ok: false, result: {status: 'needs-crs', reason, candidates, params}});
  const chosen = (crs: CrsInfo): CrsDecision => ({ok: true, crs, notices: [{code: 'crs-from-file', params: {crs: crs.name}}]});

  switch (declaration.kind) {
    case 'declared': {
      const crs = declaration.crs;
      if (crs.needsDatumShift) {
        if (userCrs) return chosen(userCrs);
        return ask('datum-shift-needed', [cgcs2000Counterpart(crs)], {crs: crs.name, source: declaration.source});
      }
      return {ok: true, crs, notices: [{code: 'crs-from-file', params: {crs: crs.name, source: declaration.source}}]};
    }
    case 'unknown':
      if (userCrs) return chosen(userCrs);
      return ask('unknown-crs', inDegrees ? [WGS84, CGCS2000_GEOGRAPHIC] : eastingCandidates(), {name: declaration.name, source: declaration.source});
    case 'none':
    case 'format-default': {
      if (userCrs) return chosen(userCrs);
      const projected = (declaration.kind === 'none' && declaration.projected) || !inDegrees;
      if (projected) {
        return ask('no-crs', eastingCandidates());
      }
      const notices: ImportNotice[] = declaration.kind === 'none' || format === 'csv'
        ? [{code: 'crs-assumed'}]
        : [];
      return {ok: true, crs: WGS84, notices};
    }
  }
}

/** Closes every ring whose last position differs from its first; the repair behind RING_NOT_CLOSED. */
function closeRings(geometry: unknown): unknown {
  const g = geometry as {type: string; coordinates: number[][][] | number[][][][]};
  const close = (ring: number[][]) => {
    const a = ring[0], b = ring[ring.length - 1];
    return a && b && (a[0] !== b[0] || a[1] !== b[1]) ? [...ring, [...a]] : ring;
  };
  if (g.type === 'Polygon') return {type: 'Polygon', coordinates: (g.coordinates as number[][][]).map(close)};
  if (g.type === 'MultiPolygon') return {type: 'MultiPolygon', coordinates: (g.coordinates as number[][][][]).map((p) => p.map(close))};
  return geometry;
}

const REPAIRS: Record<string, {kind: RepairKind; apply: (g: unknown) => unknown}> = {
  [RING_NOT_CLOSED]: {kind: 'close-ring', apply: closeRings},
};

/**
 * Why a feature's numbers do not fit the system they are read in, before converting them: a
 * projected system given degrees, a geographic one given metres, or numbers proj4 turns into
 * no position. Null when they fit (single stray values are left for validation to name).
 */
function crsFitReason(geometry: unknown, crs: CrsInfo, toWgs84: (p: readonly number[]) => [number, number]): ValidationReason | null {
  const name = crs.code ? `${crs.code} (${crs.name})` : crs.name;
  if (crs.kind === 'geographic') {
    // 'metres' needs no position in degrees: when the first is, the rest need no looking at.
    const first = finitePositions(geometry, 1)[0];
    if (!first || (Math.abs(first[0]!) <= 180 && Math.abs(first[1]!) <= 90)) return null;
    return classifyPositions(finitePositions(geometry, 10_000)) === 'metres' ? crsMismatch(name, first, 'look-like-metres') : null;
  }
  const positions = finitePositions(geometry, 10_000);
  const degrees = positions.find((p) => Math.abs(p[0]!) <= 180 && Math.abs(p[1]!) <= 90);
  if (degrees) return crsMismatch(name, degrees, 'look-like-degrees');
  for (const p of positions) {
    const [lon, lat] = toWgs84(p);
    if (!Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lon) > 180 || Math.abs(lat) > 90) return crsMismatch(name, p, 'no-position');
  }
  return null;
}

function rawId(raw: RawFeature): string | number | null {
  const id = raw.properties.id;
  for (const v of [id, raw.id]) if (typeof v === 'string' || typeof v === 'number') return v;
  return null;
}

/**
 * The one import pipeline, for the app (through the worker) and `npm run tally`: pick a
 * reader by name or content; decode text without silent replacement characters; read raw
 * features within the budget; settle the coordinate system (asking when the file cannot
 * say); project to WGS84 (proj4js) and undo a consumer-map shift (gcoord); map attributes
 * onto the plot model; validate. Returns a staged report and commits nothing.
 */
export async function importPlotFile(file: string, bytes: Uint8Array, options: ImportOptions = {}): Promise<StagedImport> {
  const budget = {...DEFAULT_IMPORT_BUDGET, ...options.budget};
  const reader = plotReaderFor(file, bytes);
  const format = reader.format;
  const unreadableResult = (cause: string): StagedImport => ({status: 'unreadable', file, format, cause});
  if (bytes.length > budget.maxFileBytes) return unreadableResult(`the file is ${bytes.length} bytes, more than the ${budget.maxFileBytes}-byte limit`);
  const userCrs = options.sourceCrs ? crsFromName(options.sourceCrs) : null;
  if (options.sourceCrs && !userCrs) return unreadableResult(`the coordinate system ${options.sourceCrs} is not one this app knows`);
  const shift = options.sourceShift ?? 'none';

  const input: ReaderInput = {fileName: file, bytes, options, budget, deadline: Date.now() + budget.maxMilliseconds};
  let result;
  try {
    result = await reader.read(input);
  } catch (e) {
    return unreadableResult(e instanceof BudgetExceeded ? e.message : `${format} reader failed: ${(e as Error).message}`);
  }
  if (!result.ok) {
    if (result.kind === 'needs-encoding') return {status: 'needs-encoding', file, format, why: result.why, ...(result.declared ? {declared: result.declared} : {}), candidates: result.candidates};
    return unreadableResult(result.cause);
  }
  if (result.features.length > budget.maxFeatures) return unreadableResult(`more than ${budget.maxFeatures} features`);

  const census = coordinateCensus(result.features);
  const decision = decideCrs(result.crs, census, userCrs, format);
  if (!decision.ok) return {...decision.result, file, format};
  const {crs} = decision;
  const toWgs84 = positionToWgs84(crs);
  const unshift = shift === 'none' ? null : SHIFT_FROM[shift];
  // Geographic positions with no shift to undo stay as they are (positionToWgs84 would copy them unchanged).
  const transform = crs.kind === 'geographic' && !unshift ? null : (p: readonly number[]): [number, number] => {
    const [lon, lat] = toWgs84(p);
    return unshift ? (gcoord.transform([lon, lat], unshift, gcoord.WGS84) as [number, number]) : [lon, lat];
  };

  const notices: ImportNotice[] = [...result.notices, ...decision.notices];
  // Every feature outside Qinghai as [x, y] and inside it as [y, x]: the file has lat/lon order.
  const swapSuggested = crs.kind === 'geographic' && !options.swapLonLat && census.withPositions > 0 && census.swappedInQinghai === census.withPositions;
  if (swapSuggested) notices.push({code: 'lon-lat-swap-suggested', params: {n: census.withPositions}});
  if (options.swapLonLat) notices.push({code: 'lon-lat-swapped'});
  const swapAxes = (g: unknown) => (options.swapLonLat ? mapPositions(g, (p) => [p[1]!, p[0]!]) : g);
  if (unshift) notices.push({code: 'shift-applied', params: {shift}});
  const now = options.now?.() ?? new Date().toISOString();
  const newId = options.newId ?? (() => crypto.randomUUID());
  const plots: StagedPlot[] = [], rejected: StagedRejection[] = [], repairable: StagedRepair[] = [], points: StagedPoint[] = [];
  const unmapped = new Set<string>();

  try {
    result.features.forEach((raw, index) => {
      if (Date.now() > input.deadline) throw new BudgetExceeded(`parsing took longer than ${budget.maxMilliseconds} ms`);
      notices.push(...(raw.notices ?? []));
      if (raw.issues && raw.issues.length > 0) {
        rejected.push({index, where: raw.where, id: rawId(raw), reasons: raw.issues});
        return;
      }
      const source = swapAxes(raw.geometry);
      const misfit = crsFitReason(source, crs, toWgs84);
      if (misfit) {
        rejected.push({index, where: raw.where, id: rawId(raw), reasons: [misfit]});
        return;
      }
      const geometry = mapPositions(source, transform) as {type?: unknown; coordinates?: unknown} | null | undefined;
      if (geometry?.type === 'Point' && isPosition(geometry.coordinates) && geometry.coordinates.every(Number.isFinite)) {
        const [lon, lat] = geometry.coordinates;
        points.push({index, where: raw.where, name: String(raw.properties.name ?? ''), position: [lon!, lat!]});
        return;
      }
      const mapped = mapPlotAttributes(raw.properties, raw.id, now, newId, raw.where);
      notices.push(...mapped.notices);
      Object.keys(mapped.extra).forEach((k) => unmapped.add(k));
      const feature = {type: 'Feature', properties: mapped.properties, geometry};
      const validation = validatePlot(feature);
      // A valid plot's reasons are all warnings: the staged plot keeps them (validating once;
      // validation was a fifth of the tally's time at 10k plots, issue 11).
      const staged = (f: unknown, reasons: readonly ValidationReason[]): StagedPlot => ({plot: f as Plot, index, where: raw.where, extra: mapped.extra, warnings: reasons});
      if (validation.valid) {
        plots.push(staged(feature, validation.reasons));
        return;
      }
      const entry: StagedRejection = {index, where: raw.where, id: rawId(raw), reasons: validation.reasons};
      const errors = validation.reasons.filter((r) => r.severity === 'error');
      if (errors.every((r) => r.code in REPAIRS)) {
        const kinds = [...new Set(errors.map((r) => REPAIRS[r.code]!.kind))];
        let repairedGeometry: unknown = geometry;
        for (const code of new Set(errors.map((r) => r.code))) repairedGeometry = REPAIRS[code]!.apply(repairedGeometry);
        const repaired = {...feature, geometry: repairedGeometry};
        const after = validatePlot(repaired);
        if (after.valid) {
          repairable.push({...entry, repairs: kinds, repaired: staged(repaired, after.reasons)});
          return;
        }
      }
      rejected.push(entry);
    });
  } catch (e) {
    if (e instanceof BudgetExceeded) return unreadableResult(e.message);
    throw e;
  }
  const deduplicated = flagDuplicateIds(plots, repairable, newId);
  const duplicates = deduplicated.repairable.filter((r) => r.repairs.includes('new-id')).length;
  if (duplicates > 0) notices.push({code: 'duplicate-ids', params: {n: duplicates}});
  notices.push(...undatedClaimsNotice(deduplicated.plots));
  if (points.length > 0) notices.push({code: 'points-not-plots', params: {n: points.length}});
  if (unmapped.size > 0) notices.push({code: 'unmapped-fields', params: {fields: [...unmapped]}});

  return {
    status: 'ready', file, format, crs, encoding: result.encoding, shift, read: result.features.length,
    plots: deduplicated.plots, rejected, repairable: deduplicated.repairable, points, notices, swapSuggested,
  };
}

/** One notice naming the plots claimed remediated/verified without a completion date (issue 9). */
function undatedClaimsNotice(plots: readonly StagedPlot[]): ImportNotice[] {
  const undated = plots.filter((p) => p.warnings.some((w) => w.code === NO_COMPLETION_DATE));
  if (undated.length === 0) return [];
  const names = undated.slice(0, 5).map((p) => p.plot.properties.name || p.where).join(', ');
  const more = undated.length > 5 ? ` …` : '';
  return [{code: 'undated-claims', params: {n: undated.length, names: `${names}${more}`}}];
}
