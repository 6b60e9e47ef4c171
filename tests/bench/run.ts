import {benchMapLoad, reportSizes} from './map-load.bench';
import {benchTally} from '../../src/geo/tally.bench';

// `npm run bench`: prints figures, asserts nothing. Needs `vite build` first (the script does it).
await benchTally();
reportSizes();
await benchMapLoad(Number(process.env.BENCH_RUNS ?? 3));
