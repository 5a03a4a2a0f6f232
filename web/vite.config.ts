import { defineConfig } from 'vite';

// The portal: Preact with the automatic JSX runtime (esbuild compiles it; no plugin needed), built into
// web/dist, which the hub serves (src/api/portal). MapLibre is imported lazily, so it is its own chunk.
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
    reportCompressedSize: false,
  },
});
