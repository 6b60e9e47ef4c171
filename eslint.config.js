import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// Pure layers (geometry, catalogue, state) must stay free of React and MapLibre so they
// can run in node, in workers and in the tally command; only src/map touches MapLibre.
const pureLayerRestriction = {
  patterns: [
    {group: ['react', 'react-dom', 'react/*', 'react-dom/*'], message: 'src/geo, src/catalogue and src/state are pure: no React.'},
    {group: ['maplibre-gl', 'maplibre-gl/*', 'terra-draw', 'terra-draw-*'], message: 'Only src/map may import maplibre-gl or terra-draw.'},
    {group: ['**/ui/*', '**/map/*', '**/app/*'], message: 'Data flows one way: pure layers never import views.'},
  ],
};

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
    files: ['src/geo/**', 'src/catalogue/**', 'src/state/**', 'src/sync/**', 'seeds/**'],
    rules: {'no-restricted-imports': ['error', pureLayerRestriction]},
  },
);
