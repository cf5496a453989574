// Starts the servers the bench measures as child processes (TypeScript through @swc-node/register,
// with --expose-gc), each with its own event loop and heap, and talks to them over IPC.
import { ChildProcess, fork } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ChildCommand, ChildEvent, ChildReply, EventLoopDelay, MemorySample } from './child';

export const REPO_ROOT = resolve(__dirname, '..', '..');

const START_TIMEOUT_MS = 180_000;
const STOP_TIMEOUT_MS = 15_000;

export interface StartOptions {
  name: string;
  /** Path relative to `cwd` (or absolute). */
  script: string;
  /** Where the child runs and resolves `@/` imports from; the repository root unless given. */
  cwd?: string;
  env: Record<string, string>;
  logDir: string;
}

export class BenchChild {
  private nextId = 1;
  private readonly pending = new Map<number, (reply: ChildReply) => void>();
  private exited = false;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
    readonly port: number,
    readonly logFile: string,
  ) {
    child.on('message', (message: ChildReply | ChildEvent) => {
      if ('id' in message) {
        this.pending.get(message.id)?.(message);
        this.pending.delete(message.id);
      }
    });
    child.on('exit', () => {
      this.exited = true;
      for (const [id, reply] of this.pending) {
        reply({ id, ok: false, error: `${name} exited` });
      }
      this.pending.clear();
    });
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  static async start(options: StartOptions): Promise<BenchChild> {
    const logFile = join(options.logDir, `${options.name}.log`);
    const log = openSync(logFile, 'a');
    const cwd = options.cwd ?? REPO_ROOT;
    const child = fork(resolve(cwd, options.script), [], {
      cwd,
      execArgv: ['--expose-gc', '-r', '@swc-node/register', ...profileArgs(options.name)],
      env: { ...pathEnv(), ...profileEnv(), BENCH_CHILD_NAME: options.name, ...options.env },
      stdio: ['ignore', log, log, 'ipc'],
    });
    closeSync(log);
    const port = await new Promise<number>((resolvePort, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`${options.name} did not start within ${START_TIMEOUT_MS / 1000} s`));
      }, START_TIMEOUT_MS);
      const fail = (reason: string) => {
        clearTimeout(timer);
        reject(new Error(`${options.name} failed to start: ${reason}\n${tail(logFile)}`));
      };
      child.on('message', (message: ChildEvent) => {
        if (message.type === 'ready') {
          clearTimeout(timer);
          resolvePort(message.port);
        } else if (message.type === 'failed') {
          fail(message.error);
        }
      });
      child.once('exit', (code, signal) => fail(`exited with ${signal ?? code}`));
    });
    child.removeAllListeners('exit');
    return new BenchChild(options.name, child, port, logFile);
  }

  /** A new, paused event-loop delay histogram. */
  async eventLoopReset(): Promise<void> {
    await this.request('eld-reset');
  }

  async eventLoopResume(): Promise<void> {
    await this.request('eld-resume');
  }

  async eventLoopPause(): Promise<void> {
    await this.request('eld-pause');
  }

  /** What the histogram gathered while resumed. */
  eventLoopRead(): Promise<EventLoopDelay> {
    return this.request('eld-read') as Promise<EventLoopDelay>;
  }

  /** CPU time the child's process has used so far (user + system, all threads), in µs. */
  cpuMicros(): Promise<number> {
    return this.request('cpu') as Promise<number>;
  }

  /** Memory after forced garbage collections in the child. */
  memory(): Promise<MemorySample> {
    return this.request('memory') as Promise<MemorySample>;
  }

  /** Writes a V8 heap snapshot into BENCH_PROFILE_DIR; returns its path. */
  heapSnapshot(): Promise<string> {
    return this.request('heap-snapshot') as Promise<string>;
  }

  /** Asks the child to close gracefully; kills it if it does not exit in time. */
  async stop(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolveExit) => this.child.once('exit', () => resolveExit()));
    const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    this.request('stop').catch(() => this.child.kill('SIGTERM'));
    await exited;
    clearTimeout(timer);
  }

  private request(command: ChildCommand): Promise<unknown> {
    if (this.exited) return Promise.reject(new Error(`${this.name} is not running`));
    const id = this.nextId++;
    return new Promise((resolveReply, reject) => {
      this.pending.set(id, (reply) =>
        reply.ok
          ? resolveReply(reply.data)
          : reject(new Error(`${this.name}: ${command}: ${reply.error ?? 'failed'}`)),
      );
      this.child.send({ id, command });
    });
  }
}

/** With BENCH_PROFILE_DIR set, every child writes a V8 CPU profile there when it stops. */
function profileArgs(name: string): string[] {
  const dir = process.env.BENCH_PROFILE_DIR;
  if (dir === undefined || dir === '') return [];
  return ['--cpu-prof', `--cpu-prof-dir=${resolve(dir)}`, `--cpu-prof-name=${name}.cpuprofile`];
}

function profileEnv(): Record<string, string> {
  const dir = process.env.BENCH_PROFILE_DIR;
  return dir === undefined || dir === '' ? {} : { BENCH_PROFILE_DIR: resolve(dir) };
}

/** The last lines of a log, to show why a child failed. */
export function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** Only what a Node process needs from the parent's environment, so no stray setting leaks in. */
function pathEnv(): Record<string, string> {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ'];
  const env: Record<string, string> = {};
  for (const key of keep) {
    const value = process.env[key];
    if (value !== undefined) env[key] = value;
  }
  return env;
}
