import {defineConfig} from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
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
  preview: {host: '127.0.0.1', port: 4173, strictPort: true},
});
