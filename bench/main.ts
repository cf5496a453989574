// `npm run bench [-- [--quick] [--check] [B1 … | list create deep-pages logins chat idle-sockets
// embedded-start]]`: starts the API and the baselines as child processes on a scratch database,
// seeds, warms up, measures, stops everything, prints a markdown table and writes JSON.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import type { BenchContext, Phases, Workload } from './lib/context';
import { BenchDatabase, openDatabase } from './lib/database';
import { BenchChild, REPO_ROOT } from './lib/processes';
import { machine, markdownTable, ResultRow, RunReport, writeReport } from './lib/report';
import type { JwtSettings } from './lib/seed';
import { WORKLOADS } from './workloads';

const USAGE = `usage: npm run bench -- [--quick] [--check] [workload ...]
  workload   B1..B10 or ${WORKLOADS.map((w) => w.name).join(', ')} (default: all)
  --quick    short runs on small data (CI): proves the harness works, judges no target
  --check    exit 2 when a full run misses a target
environment: BENCH_DATABASE_URL=postgres://… runs on a scratch database on that server
             (created and dropped); unset, on the embedded PGlite database.
             BENCH_BEFORE=<another checkout> adds that checkout's API to B1 as a side
             (before/after in one run).`;

interface Options {
  quick: boolean;
  check: boolean;
  workloads: Workload[];
}

function parseArgs(argv: readonly string[]): Options {
  let quick = false;
  let check = false;
  const picked = new Set<Workload>();
  for (const arg of argv) {
    if (arg === '--quick') quick = true;
    else if (arg === '--check') check = true;
    else if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else {
      const wanted = arg.toLowerCase();
      // B10 has two halves (search and SLA): an id picks every workload that carries it.
      const matching = WORKLOADS.filter((w) => w.id.toLowerCase() === wanted || w.name === wanted);
      if (matching.length === 0) {
        process.stderr.write(`unknown workload or option: ${arg}\n${USAGE}\n`);
        process.exit(64);
      }
      for (const workload of matching) picked.add(workload);
    }
  }
  const workloads = WORKLOADS.filter((w) => picked.size === 0 || picked.has(w));
  return { quick, check, workloads };
}

const log = (message: string) =>
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

/**
 * The API under test on `db`, as a child process running bench/server.ts; given `checkout`, the
 * API of that checkout (its src/, this harness's server.ts and IPC).
 */
function startApi(
  db: BenchDatabase,
  name: string,
  common: Record<string, string>,
  tmpDir: string,
  checkout?: string,
): Promise<BenchChild> {
  return BenchChild.start({
    name,
    script: join(REPO_ROOT, 'bench', 'server.ts'),
    cwd: checkout,
    logDir: tmpDir,
    env: {
      ...common,
      ...db.apiEnv,
      DATABASE_URL: db.url,
      DATABASE_POOL_SIZE: String(db.poolSize),
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: '0',
      DATA_DIR: join(tmpDir, `${name}-data`),
      LOG_LEVEL: 'warn',
      // The per-address request limit is abuse protection; at its top value it still counts
      // every request but never refuses the bench's single address.
      RATE_LIMIT_PER_MINUTE: '1000000',
      // Likewise the chat's per-socket send limit (20 per 10 s), which would cap B5's rate.
      CHAT_MESSAGES_PER_10S: '1000000',
      MAX_SOCKETS_PER_USER: '10000',
      // Workloads seed tickets assigned to CSRs who never connect; requeue would take them back.
      ROUTING_REQUEUE_AFTER_SECONDS: '0',
      // B10 times SLA check passes itself; the API's own timer must not take its due tickets.
      SLA_CHECK_SECONDS: '3600',
      // B11's receiver is on loopback, over plain HTTP.
      WEBHOOK_ALLOW_PRIVATE: 'true',
      WEBHOOK_ALLOW_HTTP: 'true',
    },
  });
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  const startedAt = new Date();
  const phases: Phases = options.quick
    ? { warmup: 1, rounds: 1, roundSeconds: 2 }
    : { warmup: 3, rounds: 3, roundSeconds: 5 };
  const bcryptRounds = options.quick ? 10 : 12;
  const jwt: JwtSettings = { secret: randomBytes(32).toString('base64url'), algorithm: 'HS256' };
  const tmpDir = mkdtempSync(join(tmpdir(), 'sts-bench-'));
  const serverUrl = process.env.BENCH_DATABASE_URL || undefined;
  const children: BenchChild[] = [];
  const rows: ResultRow[] = [];
  const failures: RunReport['failures'] = [];
  const timings: RunReport['workloads'] = [];
  let db: BenchDatabase | undefined;
  let sql: Client | undefined;
  let api: BenchChild | undefined;
  let before: BenchChild | undefined;

  const cleanup = async () => {
    for (const child of children.splice(0).reverse()) await child.stop().catch(() => undefined);
    await sql?.end().catch(() => undefined);
    sql = undefined;
    if (process.env.BENCH_KEEP_DATABASE === '1' && db !== undefined) {
      log(`BENCH_KEEP_DATABASE=1: leaving ${db.url} in place`);
    } else {
      await db
        ?.drop()
        .catch((error: unknown) => log(`could not drop the database: ${String(error)}`));
    }
    db = undefined;
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping everything the bench started`);
      void cleanup().finally(() => process.exit(130));
    });
  }

  const common = {
    JWT_SECRET_KEY: jwt.secret,
    ALGORITHM: jwt.algorithm,
    BCRYPT_ROUNDS: String(bcryptRounds),
  };
  let databaseLabel = 'none (B7 starts its own embedded database)';
  try {
    if (options.workloads.some((w) => w.usesDatabase)) {
      db = await openDatabase(serverUrl, join(tmpDir, 'embedded'));
      databaseLabel = db.description;
      log(`database: ${db.description}`);
      const start = Date.now();
      api = await startApi(db, 'api', common, tmpDir);
      children.push(api);
      log(`API under test up in ${((Date.now() - start) / 1000).toFixed(1)} s (pid ${api.pid})`);
      const checkout = process.env.BENCH_BEFORE || undefined;
      if (checkout !== undefined) {
        before = await startApi(db, 'api-before', common, tmpDir, resolve(checkout));
        children.push(before);
        log(`BENCH_BEFORE: the API of ${checkout} is up too (pid ${before.pid})`);
      }
      sql = new Client({ connectionString: db.url });
      await sql.connect();
    }
    const need = <T>(value: T | undefined, what: string): T => {
      if (value === undefined) throw new Error(`${what} is not available to this workload`);
      return value;
    };
    const ctx: BenchContext = {
      quick: options.quick,
      phases,
      get db() {
        return need(db, 'the database');
      },
      get sql() {
        return need(sql, 'the database');
      },
      get api() {
        return need(api, 'the API');
      },
      get before() {
        return before;
      },
      jwt,
      bcryptRounds,
      tmpDir,
      log,
      freshApi: async (name, env = {}) => {
        const child = await startApi(need(db, 'the database'), name, { ...common, ...env }, tmpDir);
        children.push(child);
        return child;
      },
      baseline: async (name, script, env = {}) => {
        const database = need(db, 'the database');
        const child = await BenchChild.start({
          name,
          script,
          logDir: tmpDir,
          env: {
            ...common,
            DATABASE_URL: database.url,
            DATABASE_POOL_SIZE: String(database.poolSize),
            ...env,
          },
        });
        children.push(child);
        return child;
      },
    };

    for (const workload of options.workloads) {
      // Other processes on the machine take CPU from both sides alike (the sides alternate), but
      // a busy machine shrinks every figure: the load average goes into the report.
      const load = loadavg()[0] ?? 0;
      log(`${workload.id} ${workload.name}: ${workload.title} (load average ${load.toFixed(2)})`);
      const started = Date.now();
      const before = children.length;
      try {
        rows.push(...(await workload.run(ctx)));
      } catch (error) {
        const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
        failures.push({ workload: workload.id, error: message });
        log(`${workload.id} FAILED: ${message}`);
      } finally {
        // This workload's baselines; the API stays for the next one.
        for (const child of children.splice(before).reverse()) await child.stop();
      }
      const seconds = (Date.now() - started) / 1000;
      timings.push({ id: workload.id, seconds, loadAverageAtStart: load });
      log(`${workload.id} done in ${seconds.toFixed(0)} s`);
    }
  } finally {
    await cleanup();
  }

  const judged = !options.quick;
  const command = `${serverUrl === undefined ? '' : 'BENCH_DATABASE_URL=… '}npm run bench${
    process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''
  }`;
  const report: RunReport = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    mode: options.quick ? 'quick' : 'full',
    command,
    database: databaseLabel,
    machine: machine(),
    settings: { phases, bcryptRounds, workloads: options.workloads.map((w) => w.id) },
    workloads: timings,
    rows,
    failures,
  };
  const file = writeReport(join(REPO_ROOT, 'bench', 'results'), report);
  const m = report.machine;
  process.stdout.write(
    [
      `## Benchmark (${report.mode}${options.quick ? ': targets not judged' : ''})`,
      '',
      `Database: ${databaseLabel}. Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node}. ` +
        `Load average (1 min) at the start of each workload: ${timings
          .map((t) => `${t.id} ${t.loadAverageAtStart.toFixed(1)}`)
          .join(', ')}.`,
      '',
      markdownTable(rows, judged),
      '',
      ...(timings.some((t) => t.loadAverageAtStart > m.cores)
        ? [
            `Note: the load average exceeded the ${m.cores} cores during this run: other processes ` +
              'shared the CPU, so absolute figures are low and ratios noisier than on a quiet machine.',
            '',
          ]
        : []),
      ...failures.map((f) => `**${f.workload} failed**: ${f.error.split('\n')[0]}`),
      `Results: ${file}`,
      '',
    ].join('\n'),
  );
  if (failures.length > 0) {
    log(`logs of the failed run kept in ${tmpDir}`);
    return 1;
  }
  rmSync(tmpDir, { recursive: true, force: true });
  if (options.check && judged && rows.some((r) => r.met === false)) return 2;
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    log(
      `the harness failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    process.exit(1);
  },
);
