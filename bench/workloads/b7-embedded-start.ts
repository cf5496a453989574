// B7: how long the built API (`node dist/src/main.js`, what `npm start` runs) takes from process
// start to a 200 from /health/ready on the embedded database, on a new data folder (PGlite
// initialises it and the migrations run) and again on that folder, and its RSS when ready.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, realpathSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { BenchContext, Workload } from '../lib/context';
import { REPO_ROOT, tail } from '../lib/processes';
import { row, ResultRow } from '../lib/report';
import { median, sleep } from '../lib/stats';

const READY_TIMEOUT_MS = 120_000;

/**
 * Builds as `npm start` does (scripts/build.js: reused when the sources are unchanged) and returns
 * the build's own main.js: a build folder is never rewritten, so a later build cannot pull
 * files away from under a measured start.
 */
function ensureBuilt(ctx: BenchContext): string {
  ctx.log('B7: node scripts/build.js');
  const result = spawnSync(process.execPath, ['scripts/build.js'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new Error(`build failed:\n${(result.stdout + result.stderr).slice(-3000)}`);
  }
  return join(realpathSync(join(REPO_ROOT, 'dist')), 'src', 'main.js');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function rssMegabytes(pid: number): number | null {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? null : Number(kb) / 1024;
  } catch {
    return null;
  }
}

/** User + system CPU seconds the process has used (all its threads), from /proc; USER_HZ = 100. */
function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

interface Start {
  seconds: number;
  rss: number | null;
  cpu: number | null;
}

async function startOnce(main: string, dataDir: string, logFile: string): Promise<Start> {
  const port = await freePort();
  const log = openSync(logFile, 'a');
  const started = performance.now();
  const child = spawn(process.execPath, [main], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      JWT_SECRET_KEY: 'bench-start-secret-that-is-long-enough-0123456789',
      DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  let exited = false;
  child.once('exit', () => (exited = true));
  try {
    for (;;) {
      if (exited) throw new Error(`the API exited before it was ready\n${tail(logFile)}`);
      if (performance.now() - started > READY_TIMEOUT_MS) {
        throw new Error(`not ready within ${READY_TIMEOUT_MS / 1000} s\n${tail(logFile)}`);
      }
      const ready = await fetch(`http://127.0.0.1:${port}/health/ready`).then(
        (response) => response.status === 200,
        () => false,
      );
      if (ready) break;
      await sleep(20);
    }
    const pid = child.pid ?? -1;
    return {
      seconds: (performance.now() - started) / 1000,
      rss: rssMegabytes(pid),
      cpu: cpuSeconds(pid),
    };
  } finally {
    if (!exited) {
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await gone;
      clearTimeout(timer);
    }
  }
}

export const b7EmbeddedStart: Workload = {
  id: 'B7',
  name: 'embedded-start',
  title: 'embedded start of the built API: cold (new data folder) and warm, to /health/ready',
  usesDatabase: false,
  async run(ctx: BenchContext): Promise<ResultRow[]> {
    const main = ensureBuilt(ctx);
    const dataDir = mkdtempSync(join(ctx.tmpDir, 'b7-data-'));
    const logFile = join(ctx.tmpDir, 'b7-api.log');
    ctx.log('B7: cold start');
    const cold = await startOnce(main, dataDir, logFile);
    const warm: Start[] = [];
    for (let i = 0; i < (ctx.quick ? 1 : 3); i++) {
      ctx.log(`B7: warm start ${i + 1}`);
      warm.push(await startOnce(main, dataDir, logFile));
    }
    const warmSeconds = median(warm.map((start) => start.seconds));
    const warmRss = median(warm.map((start) => start.rss ?? Number.NaN));
    const warmCpu = median(warm.map((start) => start.cpu ?? Number.NaN));
    const runs = warm.length === 1 ? 'one run' : `median of ${warm.length}`;
    return [
      row('B7', 'cold start to /health/ready', 's', cold.seconds, null, '—'),
      row(
        'B7',
        'warm start to /health/ready',
        's',
        warmSeconds,
        null,
        '—',
        { on: 'api', op: '<=', value: 3 },
        runs,
      ),
      // CPU time depends far less than wall time on what else the machine is doing.
      row('B7', 'CPU time to ready, cold', 's', cold.cpu, null, '—'),
      row('B7', 'CPU time to ready, warm', 's', warmCpu, null, '—', undefined, runs),
      row('B7', 'RSS when ready, cold', 'MB', cold.rss, null, '—'),
      row('B7', 'RSS when ready, warm', 'MB', warmRss, null, '—'),
    ];
  },
};
