// The built application (`node dist/src/main.js`) as a child process, for the tests that kill or
// stop an instance: its own process, signals, exit code and log file, as in production.
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { TEST_ENV, type TestDatabase } from './test-app';

export const REPO_ROOT = resolve(__dirname, '..', '..');
const MAIN = join(REPO_ROOT, 'dist', 'src', 'main.js');

/** Runs scripts/build.js (what `npm start` runs first): reuses dist when its inputs are unchanged. */
export async function buildIfStale(): Promise<string> {
  const started = Date.now();
  const { stdout } = await promisify(execFile)(process.execPath, ['scripts/build.js'], {
    cwd: REPO_ROOT,
    timeout: 240_000,
  });
  return `${stdout.trim().split('\n').pop() ?? ''} in ${((Date.now() - started) / 1000).toFixed(1)} s`;
}

/** What every child instance of a suite shares: one JWT key, one admin, a real PostgreSQL. */
export function childAppEnv(
  database: TestDatabase,
  dataDir: string,
  admin: { email: string; password: string },
): Record<string, string> {
  return {
    NODE_ENV: 'test',
    DATABASE_URL: database.env.DATABASE_URL ?? '',
    DATA_DIR: dataDir,
    JWT_SECRET_KEY: TEST_ENV.JWT_SECRET_KEY ?? '',
    BCRYPT_ROUNDS: '10',
    RATE_LIMIT_PER_MINUTE: '0',
    LOG_LEVEL: 'warn',
    ADMIN_EMAIL: admin.email,
    ADMIN_PASSWORD: admin.password,
  };
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  await new Promise<void>((done) => server.close(() => done()));
  return typeof address === 'object' && address !== null ? address.port : 0;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** When the process exited (Date.now()). */
  at: number;
}

export class ChildApp {
  readonly exited: Promise<Exit>;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
    readonly port: number,
    readonly logFile: string,
  ) {
    this.exited = new Promise((done) =>
      child.once('exit', (code, signal) => done({ code, signal, at: Date.now() })),
    );
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /**
   * Starts `node dist/src/main.js` (or `command` in `cwd`) in a process group of its own and
   * waits until /health/ready answers 200.
   */
  static async start(
    name: string,
    env: Record<string, string>,
    logDir: string,
    options: { command?: string[]; cwd?: string; readyTimeoutMs?: number } = {},
  ): Promise<ChildApp> {
    const port = await freePort();
    const logFile = join(logDir, `${name}.log`);
    const log = openSync(logFile, 'a');
    const [file, ...args] = options.command ?? [process.execPath, MAIN];
    const child = spawn(file ?? process.execPath, args, {
      cwd: options.cwd ?? REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: String(port), ...env },
      stdio: ['ignore', log, log],
      // Its own group, so a signal reaches node even when npm started it.
      detached: true,
    });
    closeSync(log);
    const app = new ChildApp(name, child, port, logFile);
    const readyTimeoutMs = options.readyTimeoutMs ?? 60_000;
    const deadline = Date.now() + readyTimeoutMs;
    while (Date.now() < deadline) {
      if (!app.running) throw new Error(`${name} exited while starting:\n${app.logTail()}`);
      try {
        const response = await fetch(`${app.url}/health/ready`);
        if (response.status === 200) return app;
      } catch {
        // Not listening yet.
      }
      await new Promise((done) => setTimeout(done, 100));
    }
    app.kill('SIGKILL');
    throw new Error(`${name} was not ready within ${readyTimeoutMs} ms:\n${app.logTail()}`);
  }

  kill(signal: NodeJS.Signals): void {
    if (this.child.pid === undefined) return;
    try {
      process.kill(-this.child.pid, signal);
    } catch {
      // The group is gone already.
    }
  }

  /** Stops it if it still runs (the end of a test), without waiting for grace. */
  async stop(): Promise<void> {
    if (this.running) this.kill('SIGKILL');
    await this.exited;
  }

  logTail(lines = 30): string {
    try {
      return readFileSync(this.logFile, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }
}
