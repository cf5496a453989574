// bcrypt on a small worker-thread pool, so a login storm never stalls the event loop.
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { APP_CONFIG } from '@/config/config.module';
import type { AppConfig } from '@/config/config';

// A plain .js file beside this one in src/ and in dist/ (a nest-cli asset): see its top comment.
const WORKER_FILE = join(__dirname, 'password-hash.worker.js');

/** A message to password-hash.worker.js, and its answer. */
interface HashJob {
  op: 'hash' | 'compare';
  password: string;
  hash?: string;
  rounds?: number;
}

interface HashReply {
  result?: string | boolean;
  error?: string;
}

interface Job extends HashJob {
  resolve: (value: string | boolean) => void;
  reject: (error: Error) => void;
}

@Injectable()
export class PasswordHasher implements OnApplicationShutdown {
  private readonly idle: Worker[] = [];
  private readonly all: Worker[] = [];
  private readonly queue: Job[] = [];
  /** Each worker runs one job at a time. */
  private readonly busy = new Map<Worker, Job>();
  // A valid hash at the configured cost, compared against when an email is unknown so that the
  // answer takes as long as for a real account.
  private dummyHash: Promise<string> | undefined;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  hash(password: string): Promise<string> {
    return this.run('hash', password, undefined) as Promise<string>;
  }

  compare(password: string, hash: string | undefined): Promise<boolean> {
    if (hash === undefined) {
      this.dummyHash ??= this.hash('dummy-password-for-timing');
      return this.dummyHash.then((dummy) => this.run('compare', password, dummy)).then(() => false);
    }
    return this.run('compare', password, hash) as Promise<boolean>;
  }

  /** After the HTTP server has drained (module-destroy hooks run before it closes): in-flight
   *  logins still get their hash. */
  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.all.map((worker) => worker.terminate()));
  }

  private run(op: Job['op'], password: string, hash: string | undefined) {
    return new Promise<string | boolean>((resolve, reject) => {
      this.queue.push({
        op,
        password,
        hash,
        rounds: this.config.bcryptRounds,
        resolve,
        reject,
      });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const worker = this.idle.pop() ?? this.spawn();
      if (worker === undefined) return;
      const job = this.queue.shift() as Job;
      this.busy.set(worker, job);
      const { op, password, hash, rounds } = job;
      worker.postMessage({ op, password, hash, rounds } satisfies HashJob);
    }
  }

  private spawn(): Worker | undefined {
    if (this.all.length >= this.config.hashWorkers) return undefined;
    const worker = new Worker(WORKER_FILE);
    worker.unref();
    worker.on('message', (reply: HashReply) => {
      const job = this.busy.get(worker);
      this.busy.delete(worker);
      this.idle.push(worker);
      if (job !== undefined) {
        if (reply.error !== undefined) job.reject(new Error(reply.error));
        else job.resolve(reply.result as string | boolean);
      }
      this.dispatch();
    });
    worker.on('error', (error) => {
      // A crashed worker fails the jobs it held and is replaced on the next dispatch.
      this.all.splice(this.all.indexOf(worker), 1);
      this.busy.get(worker)?.reject(error);
      this.busy.delete(worker);
      this.dispatch();
    });
    this.all.push(worker);
    return worker;
  }
}
