// Builds the browser clients (web/: the widget loader, the widget frame, the console) with Vite
// into one folder the API serves (src/web/web-clients.ts), and writes .br and .gz beside every
// script and stylesheet so they are served compressed without compressing per request.
// scripts/build.js runs it into each build folder; alone: `node scripts/build-web.js [outDir]`
// (default .build/web).
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const { dirname, join, relative, resolve } = require('node:path');
const zlib = require('node:zlib');

const ROOT = join(__dirname, '..');
const CONFIG = join(ROOT, 'web', 'vite.config.ts');
const COMPRESSIBLE = /\.(js|css|svg|json)$/;
/** Smaller files gain nothing worth a second file. */
const COMPRESS_MIN_BYTES = 1024;

function vite(mode, outDir) {
  execFileSync(
    process.execPath,
    [
      join(dirname(require.resolve('vite/package.json')), 'bin', 'vite.js'),
      'build',
      '--config',
      relative(ROOT, CONFIG),
      '--mode',
      mode,
      '--outDir',
      outDir,
    ],
    { cwd: ROOT, stdio: 'inherit' },
  );
}

function filesUnder(dir) {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
    );
}

function precompress(outDir) {
  for (const file of filesUnder(outDir)) {
    if (!COMPRESSIBLE.test(file)) continue;
    const body = fs.readFileSync(file);
    if (body.length < COMPRESS_MIN_BYTES) continue;
    fs.writeFileSync(`${file}.gz`, zlib.gzipSync(body, { level: 9 }));
    fs.writeFileSync(
      `${file}.br`,
      zlib.brotliCompressSync(body, {
        params: {
          [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
          [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length,
        },
      }),
    );
  }
}

/** Builds the clients into `outDir` (emptied first). */
function buildWeb(outDir) {
  // The pages first (they empty the folder), then the loader beside them.
  vite('production', outDir);
  vite('loader', outDir);
  precompress(outDir);
}

module.exports = { buildWeb };

if (require.main === module) {
  const outDir = resolve(ROOT, process.argv[2] ?? join('.build', 'web'));
  buildWeb(outDir);
  process.stdout.write(`web clients -> ${relative(ROOT, outDir)}\n`);
}
