// Builds the studio into dist/app (served by the control plane at /). `npm run dev` serves it with hot
// reload and proxies /api to a running control plane (NULLOPS_URL, default http://127.0.0.1:7700).
// The proxy keeps the browser's Host header so the control plane's same-origin check accepts writes.
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

const target = process.env.NULLOPS_URL ?? 'http://127.0.0.1:7700';

export default defineConfig({
  plugins: [vue()],
  build: { outDir: 'dist/app', emptyOutDir: true, target: 'es2022', reportCompressedSize: true },
  server: {
    proxy: {
      '/api': { target, changeOrigin: false },
      '/docs': { target, changeOrigin: false },
    },
  },
});
