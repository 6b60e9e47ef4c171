import {config} from 'zod';

/*
 * The team server's pack list schema, as the app loads it: on first use (zod stays out of the
 * initial JS) and with zod's JIT switched off. The app runs under a CSP without
 * 'unsafe-eval'; zod's JIT first probes `new Function`, which such a CSP blocks and reports as
 * a violation (tests/e2e/security.e2e.ts). Parsing is the same without it. The server keeps
 * the JIT: this module is the client's only way to zod.
 */
config({jitless: true});

export {TEAM_PACK_LIST_SCHEMA} from '../sync/packs-protocol';
