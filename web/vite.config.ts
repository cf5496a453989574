// Builds the browser clients into one folder the API serves (src/web/web-clients.ts):
// `vite build` the widget frame and the console (HTML pages, hashed assets under /assets/),
// `vite build --mode loader` the embeddable loader as one classic script, /widget.js.
// scripts/build.js runs both into the build folder; `npm run build:web` into .build/web.
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

const root = __dirname;
const alias = {
  '@web': root,
  '@clients': resolve(root, '..', 'clients'),
  '@': resolve(root, '..', 'src'),
};

export default defineConfig(({ mode }) => ({
  root,
  base: '/',
  publicDir: false,
  resolve: { alias },
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact', legalComments: 'none' },
  logLevel: 'warn',
  build:
    mode === 'loader'
      ? {
          emptyOutDir: false,
          target: 'es2019',
          lib: {
            entry: resolve(root, 'widget', 'loader.ts'),
            formats: ['iife'],
            name: 'SupportWidgetLoader',
            fileName: () => 'widget.js',
          },
        }
      : {
          emptyOutDir: true,
          target: 'es2022',
          // Every browser that runs the clients supports modulepreload: no polyfill to ship.
          modulePreload: { polyfill: false },
          manifest: true,
          rollupOptions: {
            input: {
              frame: resolve(root, 'widget', 'frame.html'),
              console: resolve(root, 'console', 'index.html'),
            },
            // What both pages load (Preact, socket.io-client, the typed client, the session).
            output: { chunkFileNames: 'assets/shared-[hash].js' },
          },
        },
}));
