import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The web UI: built into dist/web (served by the Fastify server at "/", "/ui/*" and
// "/assets/*"). `npm run dev` serves it with hot reload and proxies the API to a
// running server on 127.0.0.1:8080.
const apiPaths = [
  'auth',
  'people',
  'identifiers',
  'minting',
  'settings',
  'imports',
  'orgs',
  'org-kinds',
  'audit',
  'changes',
  'users',
  'tokens',
  'health',
  'metrics',
  'openapi.json',
  'docs',
];

export default defineConfig({
  root: 'web',
  base: '/',
  plugins: [react()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: true,
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: { [`^/(${apiPaths.join('|')})(/|$|\\?)`]: { target: 'http://127.0.0.1:8080', changeOrigin: false } },
  },
});
