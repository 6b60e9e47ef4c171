import {defineConfig} from 'vite';
import react from '@vitejs/plugin-react';
import {VitePWA} from 'vite-plugin-pwa';
import {DEV_SECURITY_HEADERS, SECURITY_HEADERS} from './src/app/security-headers';
import {dictionarySplit} from './src/i18n/dictionary-split';

export default defineConfig({
  plugins: [
    react(),
    // One chunk of words per language: the first JavaScript carries the Chinese words only.
    dictionarySplit(),
    // Installable, and offline after the first visit: the service worker precaches the app,
    // its fonts and every geodata file (workbox runtime copied locally, nothing from a CDN).
    VitePWA({
      // 'prompt': a new build waits until the user reloads (never drops an open form).
      registerType: 'prompt',
      injectRegister: null,
      includeAssets: ['favicon.svg', 'icons/*.png'],
      manifest: {
        name: '青海矿区治理地图 · Qinghai Mining-Remediation Map',
        short_name: '矿区治理',
        description: '离线记录与统计青海采煤沉陷区治理地块 · Offline map for recording remediated mining plots in Qinghai',
        lang: 'zh-CN',
        start_url: '.',
        scope: '.',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#2f6f4f',
        icons: [
          {src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png'},
          {src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png'},
          {src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml'},
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,mjs,css,html,svg,png,woff2,geojson,wasm}'],
        maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
        navigateFallback: 'index.html',
        cleanupOutdatedCaches: true,
      },
    }),
  ],
  // GeoJSON layers are emitted as hashed static assets (imported with ?url).
  assetsInclude: ['**/*.geojson'],
  build: {
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 2000,
    // Fonts and data stay as separate files: never inlined as data: URLs.
    assetsInlineLimit: 0,
  },
  optimizeDeps: {exclude: ['maplibre-gl']},
  // Security headers (CSP and friends) from one module a production server can import too.
  server: {headers: DEV_SECURITY_HEADERS},
  preview: {host: '127.0.0.1', port: 4173, strictPort: true, headers: SECURITY_HEADERS},
});
