import {existsSync, readFileSync} from 'node:fs';
import type {FastifyInstance} from 'fastify';
import {tallyQuerySchema, type SyncPlot} from '../../sync/protocol';
import {authenticate, parseOr400, type ServerContext} from './context';

// Named as the endpoint that serves the same plots, so rows naming their file (zoneChecks,
// invalid) read the same from the API as from `npm run tally` on a downloaded plots.geojson.
const PLOTS_FILE = 'plots.geojson';

/** The live plots as an RFC 7946 FeatureCollection, in plot id order. */
export const plotsGeoJson = (plots: readonly SyncPlot[]) => ({type: 'FeatureCollection' as const, features: plots});

/**
 * `npm run tally -- --json` over the server's plots: the same command code (runTally) reading
 * plots.geojson from memory, so the API and the command line cannot disagree.
 */
export async function tallyOf(plots: readonly SyncPlot[], asOf: string | undefined, ctx: Pick<ServerContext, 'now' | 'zonesPath'>): Promise<unknown> {
  // Loaded on first use: the import pipeline is most of the server's start-up time.
  const [{runTally}, {loadSqlWasmFromNodeModules}] = await Promise.all([import('../../cli/tally-command'), import('../../geo/import/sql-wasm-node')]);
  const geojson = new TextEncoder().encode(JSON.stringify(plotsGeoJson(plots)));
  const run = await runTally(['--json', ...(asOf ? ['--as-of', asOf] : []), PLOTS_FILE], {
    readFile: (path) => (path === PLOTS_FILE ? geojson : readFileSync(path)),
    exists: existsSync,
    defaultZonesPath: ctx.zonesPath ?? '/nonexistent',
    today: new Date(ctx.now()).toISOString().slice(0, 10),
    loadSqlWasm: loadSqlWasmFromNodeModules,
  });
  if (run.exitCode === 2) throw new Error(run.stderr);
  return JSON.parse(run.stdout);
}

/** GET /api/tally?asOf=, GET /api/plots.geojson, GET /api/health. */
export function dataRoutes(app: FastifyInstance, ctx: ServerContext, apiReady: () => Promise<boolean>): void {
  app.get('/api/health', async (_req, reply) =>
    reply.send({ok: true, store: ctx.store.kind, seq: await ctx.store.currentSeq(), api: (await apiReady()) ? 'ready' : 'no-admin'}));

  app.get('/api/plots.geojson', async (req, reply) => {
    if (!(await authenticate(ctx, req, reply))) return reply;
    return reply.type('application/geo+json').send(plotsGeoJson(await ctx.store.livePlots()));
  });

  app.get('/api/tally', async (req, reply) => {
    if (!(await authenticate(ctx, req, reply))) return reply;
    const query = parseOr400(tallyQuerySchema, req.query, reply);
    if (!query) return reply;
    return reply.send(await tallyOf(await ctx.store.livePlots(), query.asOf, ctx));
  });
}
