import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * Writes name.br (brotli, best) and name.gz beside each text asset once at build time; the server sends them as
 * they are (@fastify/static preCompressed), so no request pays for compression.
 */
function precompress(): Plugin {
  return {
    name: 'liudong-precompress',
    apply: 'build',
    writeBundle(options, bundle) {
      const dir = options.dir ?? '';
      for (const name of Object.keys(bundle)) {
        if (!/\.(js|css|html|svg|json)$/.test(name)) continue;
        const file = path.join(dir, name);
        const data = fs.readFileSync(file);
        if (data.length < 1024) continue;
        const { BROTLI_PARAM_QUALITY, BROTLI_PARAM_SIZE_HINT, BROTLI_MAX_QUALITY } = zlib.constants;
        const params = { [BROTLI_PARAM_QUALITY]: BROTLI_MAX_QUALITY, [BROTLI_PARAM_SIZE_HINT]: data.length };
        fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(data, { params }));
        fs.writeFileSync(`${file}.gz`, zlib.gzipSync(data, { level: 9 }));
      }
    },
  };
}

/**
 * The dev server answers /verify… and /portal… with their own pages, as the real server does (src/http/web-shell.ts);
 * everything else falls back to the console's index.html.
 */
function publicPages(): Plugin {
  return {
    name: 'liudong-public-pages',
    apply: 'serve',
    configureServer(server) {
      server.middlewares.use((req, _res, next) => {
        const match = /^\/(verify|portal)(?:[/?#]|$)/.exec(req.url ?? '');
        if (match && req.method === 'GET' && !req.url?.includes('.html')) req.url = `/${match[1]}.html`;
        next();
      });
    },
  };
}

const root = fileURLToPath(new URL('.', import.meta.url));
const backend = process.env.LIUDONG_DEV_BACKEND ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root,
  base: '/',
  plugins: [react(), precompress(), publicPages()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      // Three pages: the console, and the two public pages a phone opens from a QR code or a link, which
      // share only React and api.ts with it (issue 21: /verify under 150 KB of JavaScript).
      input: {
        console: fileURLToPath(new URL('./index.html', import.meta.url)),
        verify: fileURLToPath(new URL('./verify.html', import.meta.url)),
        portal: fileURLToPath(new URL('./portal.html', import.meta.url)),
      },
      output: {
        // React changes less often than the console: its own chunk caches better between releases. Everything
        // else (antd, echarts, …) is split by the pages that import it.
        codeSplitting: {
          groups: [
            // /verify and /portal take this chunk but not the router, so the router has its own.
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            { name: 'router', test: /node_modules[\\/](react-router|react-router-dom)[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': { target: backend, changeOrigin: false },
      '/docs': { target: backend, changeOrigin: false },
    },
  },
});
