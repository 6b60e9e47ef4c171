import {benchMapLoad, reportSizes} from './map-load.bench';
import {benchTally} from '../../src/geo/tally.bench';
import {benchTeamServer} from './team-server.bench';

// `npm run bench`: prints figures, asserts nothing. Needs `vite build` first (the script does it).
await benchTally();
await benchTeamServer();
reportSizes();
await benchMapLoad(Number(process.env.BENCH_RUNS ?? 3));
