import {benchMapLoad, reportSizes} from './map-load.bench';

// `npm run bench`: prints figures, asserts nothing. Needs `vite build` first (the script does it).
reportSizes();
await benchMapLoad(Number(process.env.BENCH_RUNS ?? 3));
