import {LANGS, type Lang} from '../i18n/lang';
import {importStatusText, inBothLanguages, reasonText} from '../i18n/reason-text';
import {importPlotFile} from '../geo/import/import-plot-file';
import {decodePlotFile, type RejectedFeature} from '../geo/import/read-plots';
import {CLI_IMPORT_BUDGET, type SourceShift, type StagedImport} from '../geo/import/staged-import';
import {encodingName} from '../geo/import/text-decoding';
import {crsFromName} from '../geo/crs';
import type {Plot} from '../geo/plot';
import {plotAsOf} from '../geo/plot';
import {OUTSIDE_ZONES_ROW, tallyPlots, UNDATED_MONTH, type SubsidenceZone, type Tally} from '../geo/tally';
import {checkPlotZone, prepareZones, type ZoneCheck} from '../geo/zone-at';
import {INDICATIVE_ZONES, zonesFromImport, type ZonesSource} from '../geo/zones-import';
import {muToSquareMeters} from '../geo/units';
import {formatArea, formatPercent} from '../i18n/format';
import {MEASURES, STATUSES} from '../../seeds/programme';

/** What the command needs from the outside world, so it can run in a test without a process. */
export type TallyIo = {
  readonly readFile: (path: string) => Uint8Array;
  readonly exists: (path: string) => boolean;
  readonly defaultZonesPath: string;
  readonly today: string;
  /** The day a file was last changed (YYYY-MM-DD), for an official zones file's date; today when absent. */
  readonly fileDate?: (path: string) => string;
  /** The sql.js WebAssembly binary, for GeoPackage files. */
  readonly loadSqlWasm?: () => Promise<ArrayBuffer | Uint8Array>;
};

export type TallyRun = {readonly exitCode: 0 | 1 | 2; readonly stdout: string; readonly stderr: string};

type Args = {json: boolean; lang: Lang; zones: string | null; asOf: string | null; sourceCrs: string | null; encoding: string | null; sourceShift: SourceShift; swapLonLat: boolean; files: string[]};

const USAGE = 'usage: npm run tally -- [--json] [--lang zh|en] [--zones FILE] [--as-of YYYY-MM-DD] [--source-crs EPSG:4522] [--encoding gbk|utf-8|…] [--source-shift gcj02|bd09] [--swap-lon-lat] FILE...\n' +
  '  FILE: GeoJSON, KML, KMZ, GPX, zipped shapefile, CSV (WKT, lon/lat or Gauss-Kruger X/Y columns) or GeoPackage';

function parseArgs(argv: readonly string[]): Args | string {
  const args: Args = {json: false, lang: 'zh', zones: null, asOf: null, sourceCrs: null, encoding: null, sourceShift: 'none', swapLonLat: false, files: []};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string | undefined => argv[++i];
    if (a === '--json') args.json = true;
    else if (a === '--swap-lon-lat') args.swapLonLat = true;
    else if (a === '--lang') {
      const lang = value();
      if (!(LANGS as readonly (string | undefined)[]).includes(lang)) return `--lang must be zh or en`;
      args.lang = lang as Lang;
    } else if (a === '--zones') args.zones = value() ?? null;
    else if (a === '--as-of') {
      const day = value();
      if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return '--as-of must be YYYY-MM-DD';
      args.asOf = day;
    } else if (a === '--source-crs') {
      const crs = value();
      if (!crs || !crsFromName(crs)) return `--source-crs must be an EPSG code this app knows, such as EPSG:4522 or EPSG:4543 (got ${crs ?? 'nothing'})`;
      args.sourceCrs = crs;
    } else if (a === '--encoding') {
      const encoding = value();
      if (!encoding || !encodingName(encoding)) return `--encoding must be an encoding label such as gbk, gb18030, utf-8 or utf-16le (got ${encoding ?? 'nothing'})`;
      args.encoding = encoding;
    } else if (a === '--source-shift') {
      const shift = value();
      if (shift !== 'gcj02' && shift !== 'bd09' && shift !== 'none') return '--source-shift must be gcj02, bd09 or none';
      args.sourceShift = shift;
    } else if (a.startsWith('--')) return `unknown option ${a}`;
    else args.files.push(a);
  }
  return args.files.length > 0 ? args : 'no plot files given';
}

function readZones(path: string, io: TallyIo): SubsidenceZone[] | string {
  try {
    const doc = JSON.parse(decodePlotFile(io.readFile(path)).replace(/^\uFEFF/, '')) as {features?: unknown};
    if (!Array.isArray(doc.features)) return 'not a FeatureCollection';
    return (doc.features as {properties?: {kind?: unknown}; geometry?: {type?: unknown}}[]).filter(
      (f) => f.properties?.kind === 'subsidence-zone' && (f.geometry?.type === 'Polygon' || f.geometry?.type === 'MultiPolygon'),
    ) as unknown as SubsidenceZone[];
  } catch (e) {
    return (e as Error).message;
  }
}

/** The name of a path's file, for the JSON and the report (no directories of the user's machine). */
const baseName = (path: string): string => path.split(/[\\/]/).pop() ?? path;

/**
 * Official zones from `--zones FILE`: any plot format, through the same import pipeline and
 * flags as the plot files. Features the pipeline rejects are reported and the file refused,
 * so a by-zone figure is never over a partial set of zones.
 */
async function readOfficialZones(path: string, args: Args, io: TallyIo): Promise<{zones: SubsidenceZone[]; source: ZonesSource} | string> {
  let bytes: Uint8Array;
  try {
    bytes = io.readFile(path);
  } catch (e) {
    return `cannot read: ${(e as Error).message}`;
  }
  const result = await importPlotFile(path, bytes, {
    ...(args.sourceCrs ? {sourceCrs: args.sourceCrs} : {}),
    ...(args.encoding ? {encoding: args.encoding} : {}),
    sourceShift: args.sourceShift,
    ...(io.loadSqlWasm ? {loadSqlWasm: io.loadSqlWasm} : {}),
  });
  const problem = importProblem(result);
  if (problem !== null || result.status !== 'ready') return problem ?? 'cannot be read';
  const bad = [...result.rejected, ...result.repairable];
  if (bad.length > 0) return `${bad.length} zone feature(s) rejected: ${bad.map((r) => `${r.where}: ${r.reasons.filter((x) => x.severity === 'error').map((x) => reasonText(x, 'en')).join('; ')}`).join(' | ')}`;
  const zones = zonesFromImport(result);
  if (zones.length === 0) return 'no zone polygons in the file';
  return {zones, source: {kind: 'official', fileName: baseName(path), date: io.fileDate?.(path) ?? io.today, zones: zones.length}};
}

/** Why a staged import cannot be tallied, for stderr; null when it is ready. */
function importProblem(result: StagedImport): string | null {
  switch (result.status) {
    case 'ready':
      return null;
    case 'unreadable':
      return `cannot parse: ${result.cause}`;
    case 'needs-crs':
      return `needs a coordinate system: ${importStatusText(result, 'en')}; pass --source-crs${result.candidates.length > 0 ? ` (candidates: ${result.candidates.map((c) => `${c.code ?? c.name} ${c.name}`).join('; ')})` : ''}`;
    case 'needs-encoding':
      return `needs an encoding: ${importStatusText(result, 'en')}; pass --encoding (decodes cleanly as: ${result.candidates.map((c) => `${c.encoding} «${c.preview}»`).join(', ') || 'none of the usual ones'})`;
  }
}

/**
 * Runs `tally` over the given arguments: exit 0 all valid, 1 some features rejected, 2 a file
 * unreadable (or needing a coordinate system or encoding the flags do not give). Every file
 * goes through the app's import pipeline (importPlotFile), whatever its format.
 */
export async function runTally(argv: readonly string[], io: TallyIo): Promise<TallyRun> {
  const args = parseArgs(argv);
  if (typeof args === 'string') return {exitCode: 2, stdout: '', stderr: `${args}\n${USAGE}\n`};

  const errors: string[] = [];
  const plots: Plot[] = [];
  const invalid: RejectedFeature[] = [];
  const warnings: RejectedFeature[] = [];
  const swapSuggested: string[] = [];
  const origins: {file: string; index: number}[] = [];
  let features = 0;
  for (const file of args.files) {
    let bytes: Uint8Array;
    try {
      bytes = io.readFile(file);
    } catch (e) {
      errors.push(`${file}: cannot read: ${(e as Error).message}`);
      continue;
    }
    const result = await importPlotFile(file, bytes, {
      ...(args.sourceCrs ? {sourceCrs: args.sourceCrs} : {}),
      ...(args.encoding ? {encoding: args.encoding} : {}),
      sourceShift: args.sourceShift,
      ...(args.swapLonLat ? {swapLonLat: true} : {}),
      ...(io.loadSqlWasm ? {loadSqlWasm: io.loadSqlWasm} : {}),
      budget: CLI_IMPORT_BUDGET,
    });
    const problem = importProblem(result);
    if (problem !== null || result.status !== 'ready') {
      errors.push(`${file}: ${problem}`);
      continue;
    }
    features += result.read - result.points.length;
    if (result.swapSuggested) swapSuggested.push(file);
    // Appended one by one: push(...list) passes every element as an argument, and past
    // ~120,000 plots that overflowed the stack ("Maximum call stack size exceeded") though
    // the command takes files of up to a million features.
    for (const p of result.plots) {
      plots.push(p.plot);
      origins.push({file, index: p.index});
      if (p.warnings.length > 0) warnings.push({file, index: p.index, id: p.plot.properties.id, reasons: p.warnings});
    }
    for (const {index, id, reasons} of [...result.rejected, ...result.repairable].sort((a, b) => a.index - b.index)) invalid.push({file, index, id, reasons});
  }
  let zones: SubsidenceZone[] = [];
  let zonesSource: ZonesSource = INDICATIVE_ZONES;
  if (args.zones) {
    const read = await readOfficialZones(args.zones, args, io);
    if (typeof read === 'string') errors.push(`${args.zones}: cannot read zones: ${read}`);
    else ({zones, source: zonesSource} = read);
  } else if (io.exists(io.defaultZonesPath)) {
    const read = readZones(io.defaultZonesPath, io);
    if (typeof read === 'string') errors.push(`${io.defaultZonesPath}: cannot read zones: ${read}`);
    else zones = read;
  }
  if (errors.length > 0) return {exitCode: 2, stdout: '', stderr: errors.join('\n') + '\n'};

  // With --as-of, the programme as it stood that day: later completions are rolled back, as
  // the app's time slider does (plotAsOf), so both show the same figures; claims with no
  // completion date are left out (nothing says they were done by then) and counted apart.
  const asOf = args.asOf ?? io.today;
  const tally = tallyPlots(args.asOf ? plots.map((p) => plotAsOf(p, asOf)) : plots, {asOf, zones, undated: args.asOf ? 'leave-out' : 'count'});
  const prepared = prepareZones(zones);
  const zoneChecks = plots
    .map((p, i) => ({...origins[i]!, id: p.properties.id, check: checkPlotZone(p, prepared)}))
    .filter((c) => c.check.agreement !== 'match');
  const json = {
    ...tallyJson(tally, features, invalid, warnings, {zonesSource, zoneChecks, asOfGiven: args.asOf !== null}),
    ...(swapSuggested.length > 0 ? {swapLonLatSuggested: swapSuggested} : {}),
  };
  const swapLine = swapSuggested.length > 0 ? `${args.lang === 'zh' ? '经纬度似乎写反了，可加 --swap-lon-lat 重新统计' : 'longitude and latitude look swapped; re-run with --swap-lon-lat'}: ${swapSuggested.join(', ')}\n` : '';
  const stdout = args.json ? JSON.stringify(json, null, 2) + '\n' : tallyText(tally, features, invalid, args.lang, zonesSource, zoneChecks) + swapLine;
  return {exitCode: invalid.length > 0 ? 1 : 0, stdout, stderr: ''};
}

type ZoneCheckRow = {readonly file: string; readonly index: number; readonly id: string; readonly check: ZoneCheck};

const round = (n: number, digits = 3): number => Math.round(n * 10 ** digits) / 10 ** digits;

/** The machine-readable tally; field names are the command's contract. */
export function tallyJson(
  tally: Tally, features: number, invalid: readonly RejectedFeature[], warnings: readonly RejectedFeature[],
  zoning: {zonesSource: ZonesSource; zoneChecks: readonly ZoneCheckRow[]; asOfGiven: boolean} = {zonesSource: INDICATIVE_ZONES, zoneChecks: [], asOfGiven: false},
) {
  const slim = (list: readonly RejectedFeature[]) =>
    list.map(({file, index, id, reasons}) => ({file, index, id, reasons: reasons.map((r) => ({code: r.code, severity: r.severity, repairable: r.repairable, message: inBothLanguages((lang) => reasonText(r, lang)), ...(r.location ? {location: r.location} : {}), ...(r.hint ? {hint: r.hint} : {}), params: r.params}))}));
  return {
    plots: features,
    validPlots: tally.plots,
    invalid: slim(invalid),
    warnings: slim(warnings),
    remediatedM2: round(tally.remediatedSquareMeters),
    remediatedMu: round(tally.remediatedMu, 4),
    remediatedHa: round(tally.remediatedHectares, 4),
    sphericalM2: round(tally.sphericalSquareMeters),
    overlapM2: round(tally.overlapSquareMeters),
    targetMu: tally.targetMu,
    percentOfTarget: round(tally.percentOfTarget, 4),
    byStatus: tally.byStatus,
    /** Which zones `byZone` is by: the project's indicative outlines, or an official file given with --zones. */
    zonesSource: zoning.zonesSource.kind,
    ...(zoning.zonesSource.kind === 'official' ? {zonesFile: zoning.zonesSource.fileName, zonesDate: zoning.zonesSource.date} : {}),
    byZone: tally.byZone,
    /** Plots whose own zone attribute does not name the zone they lie in (mismatch), names no zone, or is empty. */
    zoneChecks: zoning.zoneChecks.map(({file, index, id, check}) => ({
      file, index, id, zone: check.attribute, locatedZone: check.zoneId, share: round(check.share, 4), agreement: check.agreement,
    })),
    byMeasure: tally.byMeasure,
    byMonth: tally.byMonth,
    /** With --as-of: remediated/verified plots without a completion date, not counted in that day's total. */
    ...(zoning.asOfGiven ? {undatedLeftOut: tally.undatedLeftOut} : {}),
    pace: tally.pace,
  };
}

const TEXT = {
  title: {zh: '大通县采煤沉陷区治理面积统计', en: 'Datong coal-mining subsidence remediation tally'},
  read: {zh: (n: number, ok: number, bad: number) => `读取地块 ${n} 个：有效 ${ok} 个，拒收 ${bad} 个`, en: (n: number, ok: number, bad: number) => `Plots read: ${n} (${ok} valid, ${bad} rejected)`},
  remediated: {zh: '已治理面积（CGCS2000 椭球面，重叠只计一次）', en: 'Remediated area (CGCS2000 ellipsoid, overlaps counted once)'},
  spherical: {zh: '球面面积（turf，仅供对照）', en: 'Spherical area (turf, for comparison)'},
  overlap: {zh: '重叠面积（已扣除）', en: 'Overlap (deducted)'},
  target: {zh: '目标', en: 'Target'},
  byStatus: {zh: '按状态', en: 'By status'},
  byZone: {zh: '按沉陷区', en: 'By subsidence zone'},
  indicativeZones: {zh: '按本项目绘制的示意沉陷区', en: 'by the indicative zones drawn by this project'},
  officialZones: {zh: (file: string, date: string) => `按正式沉陷区边界（${file}，${date}）`, en: (file: string, date: string) => `by the official zone boundaries (${file}, ${date})`},
  outsideZones: {zh: '所有沉陷区之外', en: 'Outside every zone'},
  undatedMonth: {zh: '无完成日期', en: 'No completion date'},
  undatedLeftOut: {zh: (n: number, area: string) => `截至日期统计未计入 ${n} 个无完成日期的已治理地块（${area}）`, en: (n: number, area: string) => `Left out of this as-of total: ${n} remediated plot(s) with no completion date (${area})`},
  zoneChecks: {zh: '分区属性与位置不符的地块', en: 'Plots whose zone attribute does not match where they lie'},
  agreement: {
    zh: {match: '一致', mismatch: '属性与位置不符', unrecognised: '属性不是已知分区', absent: '无分区属性'},
    en: {match: 'match', mismatch: 'attribute names another zone', unrecognised: 'attribute names no zone', absent: 'no zone attribute'},
  },
  byMeasure: {zh: '按治理措施', en: 'By measure'},
  byMonth: {zh: '按完成月份', en: 'By completion month'},
  pace: {zh: (m: number) => `近 ${m} 个月进度`, en: (m: number) => `Pace over the last ${m} months`},
  perMonth: {zh: '/月', en: '/month'},
  projected: {zh: '按此进度达到目标', en: 'Target reached at this pace on'},
  never: {zh: '无法预计（近期无完成）', en: 'cannot be projected (no recent completions)'},
  rejected: {zh: '拒收的地块', en: 'Rejected plots'},
} as const;

function tallyText(tally: Tally, features: number, invalid: readonly RejectedFeature[], lang: Lang, zonesSource: ZonesSource, zoneChecks: readonly ZoneCheckRow[]): string {
  const mu = (m2: number) => formatArea(m2, 'mu', lang, 2);
  const lines: string[] = [TEXT.title[lang], TEXT.read[lang](features, tally.plots, invalid.length), ''];
  lines.push(`${TEXT.remediated[lang]}: ${mu(tally.remediatedSquareMeters)} = ${formatArea(tally.remediatedSquareMeters, 'ha', lang, 2)} = ${formatArea(tally.remediatedSquareMeters, 'm2', lang, 1)}`);
  lines.push(`${TEXT.spherical[lang]}: ${formatArea(tally.sphericalSquareMeters, 'm2', lang, 1)}`);
  lines.push(`${TEXT.overlap[lang]}: ${formatArea(tally.overlapSquareMeters, 'm2', lang, 1)}`);
  lines.push(`${TEXT.target[lang]}: ${formatArea(muToSquareMeters(tally.targetMu), 'mu', lang)} — ${formatPercent(tally.percentOfTarget / 100, lang)}`);
  lines.push('', TEXT.byStatus[lang]);
  for (const s of STATUSES) lines.push(`  ${s[lang]}: ${tally.byStatus[s.code].plots} · ${mu(tally.byStatus[s.code].areaSquareMeters)}`);
  const by = zonesSource.kind === 'official' ? TEXT.officialZones[lang](zonesSource.fileName, zonesSource.date) : TEXT.indicativeZones[lang];
  lines.push('', `${TEXT.byZone[lang]} (${by})`);
  for (const z of tally.byZone) lines.push(`  ${z.id === OUTSIDE_ZONES_ROW ? TEXT.outsideZones[lang] : lang === 'zh' ? z.nameZh : z.nameEn}: ${mu(z.areaSquareMeters)}`);
  lines.push('', TEXT.byMeasure[lang]);
  for (const m of MEASURES) {
    const f = tally.byMeasure[m.code];
    if (f && f.plots > 0) lines.push(`  ${m[lang]}: ${f.plots} · ${mu(f.areaSquareMeters)}`);
  }
  lines.push('', TEXT.byMonth[lang]);
  for (const m of tally.byMonth) lines.push(`  ${m.month === UNDATED_MONTH ? TEXT.undatedMonth[lang] : m.month}: ${m.plots} · ${mu(m.areaSquareMeters)}`);
  if (tally.undatedLeftOut.plots > 0) lines.push(TEXT.undatedLeftOut[lang](tally.undatedLeftOut.plots, mu(tally.undatedLeftOut.areaSquareMeters)));
  const pace = tally.pace;
  lines.push('', `${TEXT.pace[lang](pace.months)} (${pace.from} – ${pace.asOf}): ${formatArea(muToSquareMeters(pace.muPerMonth), 'mu', lang, 1)}${TEXT.perMonth[lang]}`);
  lines.push(`${TEXT.projected[lang]}: ${pace.projectedTargetDate ?? TEXT.never[lang]}`);
  if (zoneChecks.length > 0) {
    lines.push('', TEXT.zoneChecks[lang]);
    for (const c of zoneChecks) lines.push(`  ${c.file} #${c.index} (${c.id}): ${TEXT.agreement[lang][c.check.agreement]} — “${c.check.attribute}” → ${c.check.zoneId ?? TEXT.outsideZones[lang]}`);
  }
  if (invalid.length > 0) {
    lines.push('', TEXT.rejected[lang]);
    for (const r of invalid) lines.push(`  ${r.file} #${r.index}${r.id === null ? '' : ` (${r.id})`}: ${r.reasons.filter((x) => x.severity === 'error').map((x) => reasonText(x, lang)).join('; ')}`);
  }
  return lines.join('\n') + '\n';
}
