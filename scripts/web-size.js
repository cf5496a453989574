// What each browser client costs a first visit, gzipped: the loader (widget.js), the widget
// frame and the console, each with every script and stylesheet its page loads (from Vite's
// manifest). Fails when one is over its budget. `npm run size:web [folder]` (default dist/public).
const fs = require('node:fs');
const { join, resolve } = require('node:path');
const zlib = require('node:zlib');

const BUDGETS_KB = { loader: 5, frame: 60, console: 250 };
const ENTRIES = { frame: 'widget/frame.html', console: 'console/index.html' };

const root = resolve(__dirname, '..', process.argv[2] ?? join('dist', 'public'));
const manifest = JSON.parse(fs.readFileSync(join(root, '.vite', 'manifest.json'), 'utf8'));
const gzipped = (file) => zlib.gzipSync(fs.readFileSync(join(root, file)), { level: 9 }).length;

/** The files a page loads: its entry chunk, the chunks it imports, and their stylesheets. */
function filesOf(key, seen = new Set()) {
  const chunk = manifest[key];
  if (chunk === undefined || seen.has(chunk.file)) return seen;
  seen.add(chunk.file);
  for (const css of chunk.css ?? []) seen.add(css);
  for (const imported of chunk.imports ?? []) filesOf(imported, seen);
  return seen;
}

const sizes = { loader: { files: ['widget.js'], bytes: gzipped('widget.js') } };
for (const [name, entry] of Object.entries(ENTRIES)) {
  const files = [...filesOf(entry)];
  sizes[name] = { files, bytes: files.reduce((sum, file) => sum + gzipped(file), 0) };
}

let over = false;
for (const [name, { files, bytes }] of Object.entries(sizes)) {
  const kb = bytes / 1024;
  const budget = BUDGETS_KB[name];
  const verdict = kb <= budget ? 'ok' : 'OVER';
  over ||= kb > budget;
  process.stdout.write(
    `${name.padEnd(8)} ${kb.toFixed(1).padStart(6)} kB gzip (budget ${budget} kB) ${verdict}: ${files.join(', ')}\n`,
  );
}
process.exit(over ? 1 : 0);
