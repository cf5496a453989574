// Builds the app (the API, and the browser clients into its public/) into
// `.build/<hash of its inputs>/` and points `dist` at it by an atomic symlink
// swap, so a build never removes or rewrites a file that a running or starting instance may
// load. A build whose inputs are unchanged is reused: a second `npm start` does not build again.
// `node scripts/build.js` prints the folder it used.
const { execFileSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const { join, relative } = require('node:path');
const { buildWeb } = require('./build-web');

const ROOT = join(__dirname, '..');
const BUILDS = join(ROOT, '.build');
const DIST = join(ROOT, 'dist');
/** Written last into a build folder: a folder without it is a build that did not finish. */
const COMPLETE = '.build-complete';
/** Instances write their pid here at start (src/common/build-marker.ts); never pruned while alive. */
const IN_USE = '.in-use';
/** Other builds are pruned once older than this, unless a live instance uses them. */
const PRUNE_AFTER_MS = 15 * 60 * 1000;
const INPUTS = [
  'src',
  'migrations',
  'ormconfig.ts',
  'tsconfig.json',
  'tsconfig.build.json',
  'nest-cli.json',
  'package-lock.json',
  'scripts/build.js',
  // The browser clients: their sources and Vite config, and the typed client they bundle.
  'web',
  'clients',
  'scripts/build-web.js',
];

function filesUnder(path) {
  const full = join(ROOT, path);
  if (!fs.statSync(full).isDirectory()) return [path];
  return fs
    .readdirSync(full)
    .sort()
    .flatMap((name) => filesUnder(join(path, name)));
}

function inputHash() {
  const hash = createHash('sha256');
  for (const file of INPUTS.flatMap(filesUnder)) {
    hash
      .update(`${file}\0`)
      .update(fs.readFileSync(join(ROOT, file)))
      .update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

/** tsconfig.build.json's outDir, where `nest start --watch` builds and nest-cli.json copies assets. */
const DEV_OUT = '.build/dev';

function compile(outDir) {
  // Throwaway tsconfig and nest-cli files that only move the output (compiled code and assets)
  // from DEV_OUT to outDir: everything else comes from the real ones.
  const tsconfig = join(BUILDS, `tsconfig.${process.pid}.json`);
  const nestCli = join(BUILDS, `nest-cli.${process.pid}.json`);
  const out = relative(ROOT, outDir);
  const cli = JSON.parse(fs.readFileSync(join(ROOT, 'nest-cli.json'), 'utf8'));
  cli.compilerOptions.tsConfigPath = relative(ROOT, tsconfig);
  cli.compilerOptions.assets = (cli.compilerOptions.assets ?? []).map((asset) => ({
    ...asset,
    outDir: asset.outDir.replace(DEV_OUT, out),
  }));
  fs.writeFileSync(nestCli, JSON.stringify(cli));
  fs.writeFileSync(
    tsconfig,
    JSON.stringify({
      extends: relative(BUILDS, join(ROOT, 'tsconfig.build.json')),
      compilerOptions: { outDir: relative(BUILDS, outDir) },
    }),
  );
  try {
    execFileSync(
      process.execPath,
      [require.resolve('@nestjs/cli/bin/nest.js'), 'build', '--config', relative(ROOT, nestCli)],
      { cwd: ROOT, stdio: 'inherit' },
    );
  } finally {
    fs.rmSync(tsconfig, { force: true });
    fs.rmSync(nestCli, { force: true });
  }
  // Where src/web/web-clients.ts looks for them: beside src/ in the build folder.
  buildWeb(join(outDir, 'public'));
  fs.writeFileSync(join(outDir, COMPLETE), `${new Date().toISOString()}\n`);
}

/** Points `dist` at the build: a new symlink renamed over the old one, which is atomic. */
function link(build) {
  const current = fs.lstatSync(DIST, { throwIfNoEntry: false });
  if (current !== undefined && !current.isSymbolicLink()) {
    // A `dist/` folder from before builds were kept apart: moved aside, not deleted.
    fs.renameSync(DIST, join(BUILDS, `legacy-${Date.now()}`));
  }
  const temporary = `${DIST}.${process.pid}.tmp`;
  fs.rmSync(temporary, { force: true });
  fs.symlinkSync(relative(ROOT, build), temporary);
  fs.renameSync(temporary, DIST);
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

function inUse(folder) {
  let pids;
  try {
    pids = fs.readdirSync(join(folder, IN_USE));
  } catch {
    return false;
  }
  return pids.some((pid) => pidAlive(Number(pid)));
}

function prune(keep) {
  for (const name of fs.readdirSync(BUILDS)) {
    const folder = join(BUILDS, name);
    if (folder === keep || name === 'dev') continue;
    const stat = fs.statSync(folder, { throwIfNoEntry: false });
    if (stat === undefined || Date.now() - stat.mtimeMs < PRUNE_AFTER_MS) continue;
    if (stat.isDirectory() && inUse(folder)) continue;
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

function main() {
  fs.mkdirSync(BUILDS, { recursive: true });
  const build = join(BUILDS, inputHash());
  if (!fs.existsSync(join(build, COMPLETE))) {
    const scratch = `${build}.${process.pid}.tmp`;
    fs.rmSync(scratch, { recursive: true, force: true });
    compile(scratch);
    try {
      fs.renameSync(scratch, build);
    } catch (error) {
      // A concurrent build of the same inputs finished first: theirs is identical, keep it.
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  }
  fs.utimesSync(build, new Date(), new Date());
  link(build);
  prune(build);
  process.stdout.write(`dist -> ${relative(ROOT, build)}\n`);
}

main();
