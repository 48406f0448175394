import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// main and the engine's utility process (out/main/engine.js, which bundles src/core) are built together;
// better-sqlite3 and kafkajs stay external (node_modules in the ASAR, better-sqlite3's N-API prebuild loads
// in Electron's Node as it does in Node 24).
export default defineConfig({
  main: {
    build: {
      lib: { entry: { index: resolve('electron/main/index.ts'), engine: resolve('electron/engine/index.ts') } },
      rollupOptions: { external: ['better-sqlite3', 'kafkajs', '@kafkajs/confluent-schema-registry'] },
    },
  },
  preload: {
    // Sandboxed preloads must be CommonJS.
    build: { lib: { entry: resolve('electron/preload/index.ts'), formats: ['cjs'] }, rollupOptions: { output: { entryFileNames: '[name].cjs' } } },
  },
  renderer: {
    root: resolve('src/renderer'),
    build: { rollupOptions: { input: resolve('src/renderer/index.html') } },
    plugins: [svelte({ configFile: resolve('svelte.config.js') })],
  },
});
