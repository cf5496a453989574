// The built application (`node dist/src/main.js`) as a child process, for the tests that kill or
// stop an instance: its own process, signals, exit code and log file, as in production.
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

export const REPO_ROOT = resolve(__dirname, '..', '..');
const MAIN = join(REPO_ROOT, 'dist', 'src', 'main.js');

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce(
    (newest, name) => Math.max(newest, newestMtime(join(path, name))),
    0,
  );
}

/** Runs `nest build` unless dist/ is newer than every source file; returns what it did. */
export async function buildIfStale(): Promise<string> {
  const sources = ['src', 'migrations', 'ormconfig.ts'].map((name) => join(REPO_ROOT, name));
  const newestSource = Math.max(...sources.map(newestMtime));
  if (existsSync(MAIN) && statSync(MAIN).mtimeMs > newestSource) return 'dist is up to date';
  const started = Date.now();
  await promisify(execFile)('npx', ['nest', 'build'], { cwd: REPO_ROOT, timeout: 240_000 });
  return `built dist in ${((Date.now() - started) / 1000).toFixed(1)} s`;
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

  /** Starts `node dist/src/main.js` and waits until /health/ready answers 200. */
  static async start(name: string, env: Record<string, string>, logDir: string): Promise<ChildApp> {
    const port = await freePort();
    const logFile = join(logDir, `${name}.log`);
    const log = openSync(logFile, 'a');
    const child = spawn(process.execPath, [MAIN], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: String(port), ...env },
      stdio: ['ignore', log, log],
    });
    closeSync(log);
    const app = new ChildApp(name, child, port, logFile);
    const deadline = Date.now() + 60_000;
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
    child.kill('SIGKILL');
    throw new Error(`${name} was not ready within 60 s:\n${app.logTail()}`);
  }

  kill(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** Stops it if it still runs (the end of a test), without waiting for grace. */
  async stop(): Promise<void> {
    if (this.running) this.child.kill('SIGKILL');
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
