import {parseArgs} from 'node:util';
import {benchBrowser} from './browser.bench';
import {benchCli} from './cli.bench';
import {benchMapLoad, reportSizes} from './map-load.bench';
import {benchTally} from '../../src/geo/tally.bench';
import {benchTeamServer} from './team-server.bench';
import {benchTeamSync} from './team-sync.bench';
import {benchPacks} from './packs.bench';

// `npm run bench [-- --only PART[,PART…]] [--with-50k] [--with-100k]`: prints figures, asserts
// nothing. Parts: tally (in-process), server, sizes, load (first map idle vs bare MapLibre),
// cli (npm run tally vs JSON.parse), packs (issue 15: 200 MB pack at z16, heap while panning, ortho cut),
// browser (issue 11's table at 10k plots; 50k with --with-50k),
// sync (issue 14: a phone's Sync now to the planner's list, 200 queued ops, bytes of one edit; BENCH_SYNC_RUNS, 5).
// Needs `vite build` first (the script does it). BENCH_RUNS sets the runs per figure (3);
// BENCH_STEPS picks browser steps (open,pan,import,edit); BENCH_EDITS the form saves (20);
// BENCH_IMPORT_CAP_S caps the wait for "Import N" (120 s); E2E_PORT the team server's port.
const {values} = parseArgs({
  options: {
    only: {type: 'string'},
    'with-50k': {type: 'boolean', default: false},
    'with-100k': {type: 'boolean', default: false},
  },
});
const parts = new Set((values.only ?? 'tally,server,sizes,load,packs,cli,browser,sync').split(','));
const runs = Number(process.env.BENCH_RUNS ?? 3);

if (parts.has('tally')) await benchTally();
if (parts.has('server')) await benchTeamServer();
if (parts.has('sizes')) reportSizes();
if (parts.has('load')) await benchMapLoad(runs);
if (parts.has('packs')) await benchPacks(runs);
if (parts.has('cli')) await benchCli(values['with-100k'] ? [10_000, 100_000] : [10_000], runs);
if (parts.has('browser')) {
  const steps = process.env.BENCH_STEPS ? new Set(process.env.BENCH_STEPS.split(',')) : undefined;
  const options = {runs, importCapSeconds: Number(process.env.BENCH_IMPORT_CAP_S ?? 120), edits: Number(process.env.BENCH_EDITS ?? 20), steps};
  await benchBrowser(10_000, options);
  if (values['with-50k']) await benchBrowser(50_000, {...options, edits: 5});
}
if (parts.has('sync')) await benchTeamSync();
