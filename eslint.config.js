import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import {layering} from './eslint/layering.js';

// Pure layers (geometry, words, sync, catalogue, state) and the node-side folders must stay
// free of React and MapLibre so they can run in node, in workers, in the tally command and in
// the team server; only src/map touches MapLibre.
const pureLayerRestriction = {
  patterns: [
    {group: ['react', 'react-dom', 'react/*', 'react-dom/*'], message: 'src/geo, src/i18n, src/sync, src/catalogue, src/state, src/cli and src/server are pure: no React.'},
    {group: ['maplibre-gl', 'maplibre-gl/*', 'terra-draw', 'terra-draw-*'], message: 'Only src/map may import maplibre-gl or terra-draw.'},
  ],
};

// The app's bundle carries no zod: zod's JIT probes `new Function`, which the app's CSP blocks
// and reports (tests/e2e/security.e2e.ts). Client code takes the protocol's constants from
// sync/protocol-constants.ts (or shared-records.ts) and its types with `import type`; the pack
// list schema comes only through the lazily loaded, jitless src/state/team-pack-schema.ts.
const noZodInTheApp = {
  group: ['zod', '**/sync/protocol', '**/sync/shared-protocol', '**/sync/packs-protocol'],
  allowTypeImports: true,
  message: 'No zod in the app bundle (its JIT probe breaks the CSP): values from sync/protocol-constants or sync/shared-records, types with import type.',
};
const MAPLIBRE_ONLY_IN_MAP = {group: ['maplibre-gl', 'maplibre-gl/*', 'terra-draw', 'terra-draw-*'], message: 'Only src/map may import maplibre-gl or terra-draw.'};

// Data flows one way (ARCHITECTURE.md):
//   geo -> i18n, sync -> catalogue -> state -> map -> ui -> app
// A folder may import only those before it. src/i18n words geometry's reason codes, so it may
// read src/geo's types, never the reverse. src/sync is the protocol shared by client and server
// and needs only geo. src/cli and src/server run in node: the CLI reuses the pure layers; the
// server reuses geo, sync and the CLI's tally, and from src/app only the header set the built
// app must be served with. Nothing in the client imports src/server, and nothing imports src/cli
// except the server. seeds/ (programme facts as data) sits below everything and imports nothing from src.
const BELOW_STATE = ['seeds', 'geo', 'i18n', 'sync', 'catalogue'];
const LAYERS = {
  seeds: {may: [], why: 'seeds/ holds programme facts as data; it imports nothing from src'},
  geo: {may: ['seeds'], why: 'src/geo is the bottom layer: pure geometry, no words, no catalogue, no state'},
  i18n: {may: ['seeds', 'geo'], why: 'src/i18n words reason codes from src/geo and imports nothing above it'},
  sync: {may: ['seeds', 'geo'], why: 'src/sync is the protocol shared by client and server: it builds on src/geo only'},
  catalogue: {may: ['seeds', 'geo', 'i18n'], why: 'src/catalogue builds on src/geo and src/i18n, never on state or views'},
  state: {may: BELOW_STATE, why: 'src/state builds on geo, i18n, sync and catalogue, never on map, ui or app'},
  map: {may: [...BELOW_STATE, 'state'], why: 'src/map sits below the views: it never imports ui or app'},
  ui: {may: [...BELOW_STATE, 'state', 'map'], why: 'src/ui never imports src/app, src/cli or src/server'},
  app: {may: [...BELOW_STATE, 'state', 'map', 'ui'], why: 'the client never imports src/cli or src/server'},
  cli: {may: BELOW_STATE, why: 'src/cli reuses the pure layers only (no state, map, ui, app or server)'},
  server: {may: ['seeds', 'geo', 'sync', 'cli'], why: 'the team server reuses geo, sync and the CLI only'},
};
const LAYER_ALLOWANCES = [
  {from: 'server', to: 'src/app/security-headers', why: 'the header set the built app must be served with, shared by vite and the team server'},
  // Tests only: these two check that a KML export carries exactly the map's plot colours,
  // which live in src/catalogue; the export code itself takes its palette from the caller.
  {from: 'geo', to: 'catalogue', files: ['src/geo/export/kml-export.test.ts', 'src/geo/export/export-round-trip.test.ts']},
];

export default tseslint.config(
  {ignores: ['dist/**', 'node_modules/**', 'geodata/build/**', 'coverage/**']},
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: {globals: {...globals.browser, ...globals.node}},
    plugins: {'react-hooks': reactHooks},
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', {argsIgnorePattern: '^_', varsIgnorePattern: '^_'}],
    },
  },
  {
    files: ['**/*.{js,mjs}'],
    languageOptions: {globals: {...globals.browser, ...globals.node}},
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/map/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{group: ['maplibre-gl', 'maplibre-gl/*', 'terra-draw', 'terra-draw-*'], message: 'Only src/map may import maplibre-gl or terra-draw.'}],
      }],
    },
  },
  {
    files: ['src/geo/**', 'src/i18n/**', 'src/sync/**', 'src/catalogue/**', 'src/state/**', 'src/cli/**', 'src/server/**', 'seeds/**'],
    rules: {'no-restricted-imports': ['error', pureLayerRestriction]},
  },
  {
    files: ['src/state/**/*.{ts,tsx}'],
    ignores: ['src/state/team-pack-schema.ts', '**/*.test.ts'],
    rules: {'no-restricted-imports': ['error', {patterns: [...pureLayerRestriction.patterns, noZodInTheApp]}]},
  },
  {
    files: ['src/ui/**/*.{ts,tsx}', 'src/app/**/*.{ts,tsx}'],
    ignores: ['**/*.test.ts'],
    rules: {'no-restricted-imports': ['error', {patterns: [MAPLIBRE_ONLY_IN_MAP, noZodInTheApp]}]},
  },
  {
    files: ['src/map/**/*.{ts,tsx}'],
    ignores: ['**/*.test.ts'],
    rules: {'no-restricted-imports': ['error', {patterns: [noZodInTheApp]}]},
  },
  {
    files: ['src/**/*.{ts,tsx,js,mjs}', 'seeds/**/*.{ts,tsx,js,mjs}'],
    plugins: {qh: {rules: {layering}}},
    rules: {'qh/layering': ['error', {root: import.meta.dirname, layers: LAYERS, allow: LAYER_ALLOWANCES}]},
  },
);
