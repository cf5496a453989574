// The inside of every process the bench starts (the API under test and each baseline): it tells
// the parent its port over IPC and answers the parent's questions about its own event loop and
// memory, so that nothing the load generator does is mixed into those numbers.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  createHistogram,
  Histogram,
  IntervalHistogram,
  monitorEventLoopDelay,
  RecordableHistogram,
} from 'node:perf_hooks';
import { writeHeapSnapshot } from 'node:v8';

export interface Served {
  port: number;
  close(): Promise<void>;
}

export type ChildCommand =
  | 'eld-reset'
  | 'eld-resume'
  | 'eld-pause'
  | 'eld-read'
  | 'cpu'
  | 'memory'
  | 'heap-snapshot'
  | 'stop';

export interface ChildRequest {
  id: number;
  command: ChildCommand;
}

export interface ChildReply {
  id: number;
  ok: boolean;
  data?: unknown;
  error?: string;
}

export type ChildEvent = { type: 'ready'; port: number } | { type: 'failed'; error: string };

export interface EventLoopDelay {
  /** Milliseconds the loop was late, beyond the sampling interval. */
  p50: number;
  p99: number;
  max: number;
  samples: number;
}

export interface MemorySample {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
}

/** Sampling interval of the event-loop monitor; a sample is the interval, so it is subtracted. */
export const ELD_RESOLUTION_MS = 2;

const gc = (globalThis as { gc?: () => void }).gc;

function readDelay(histogram: Histogram): EventLoopDelay {
  const late = (ns: number) => Math.max(0, ns / 1e6 - ELD_RESOLUTION_MS);
  return {
    p50: late(histogram.percentile(50)),
    p99: late(histogram.percentile(99)),
    max: late(histogram.max),
    samples: histogram.count,
  };
}

/**
 * Adds a round's distribution to the run's. A monitor that is disabled and enabled again records
 * the whole pause as one sample, so every round gets a new monitor; Node cannot add an event-loop
 * histogram to another, so the round's percentile steps are recorded instead (the steps of an
 * HDR histogram, as fine as its buckets in the tail).
 */
function merge(into: RecordableHistogram, round: IntervalHistogram): void {
  let below = 0;
  for (const [percentile, value] of [...round.percentiles].sort((a, b) => a[0] - b[0])) {
    const upTo = Math.round((percentile / 100) * round.count);
    for (let i = below; i < upTo; i++) into.record(Math.max(1, Math.round(value)));
    below = Math.max(below, upTo);
  }
}

async function settledMemory(): Promise<MemorySample> {
  // Several full collections with turns of the loop between them, so weak references and
  // finalizers settle before the reading.
  for (let i = 0; i < 4; i++) {
    gc?.();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
  return { rss, heapUsed, heapTotal, external, arrayBuffers };
}

/** Starts the server, reports its port to the parent and serves the parent's commands. */
export function serveChild(start: () => Promise<Served>): void {
  const send = (message: ChildEvent | ChildReply) => {
    if (process.send !== undefined) process.send(message);
  };
  let histogram: RecordableHistogram | undefined;
  let round: IntervalHistogram | undefined;
  let served: Served | undefined;

  const handle = async (command: ChildCommand): Promise<unknown> => {
    switch (command) {
      case 'eld-reset':
        round?.disable();
        round = undefined;
        histogram = createHistogram();
        return null;
      // The histogram gathers resumed periods only: the rounds in which this server was loaded.
      case 'eld-resume':
        round?.disable();
        round = monitorEventLoopDelay({ resolution: ELD_RESOLUTION_MS });
        round.enable();
        return null;
      case 'eld-pause':
        if (round !== undefined && histogram !== undefined) {
          round.disable();
          merge(histogram, round);
        }
        round = undefined;
        return null;
      case 'eld-read': {
        if (histogram === undefined) throw new Error('eld-reset was not sent');
        if (round !== undefined) {
          round.disable();
          merge(histogram, round);
          round = undefined;
        }
        return readDelay(histogram);
      }
      // All of the process's threads (libuv pool, GC, compiler), user and system, in µs.
      case 'cpu': {
        const { user, system } = process.cpuUsage();
        return user + system;
      }
      case 'memory':
        return settledMemory();
      case 'heap-snapshot': {
        const dir = process.env.BENCH_PROFILE_DIR;
        if (dir === undefined || dir === '') throw new Error('BENCH_PROFILE_DIR is not set');
        mkdirSync(dir, { recursive: true });
        gc?.();
        return writeHeapSnapshot(
          join(dir, `${process.env.BENCH_CHILD_NAME ?? 'child'}-${Date.now()}.heapsnapshot`),
        );
      }
      case 'stop':
        await served?.close();
        setImmediate(() => process.exit(0));
        return null;
    }
  };

  process.on('message', (request: ChildRequest) => {
    handle(request.command).then(
      (data) => send({ id: request.id, ok: true, data }),
      (error: unknown) =>
        send({
          id: request.id,
          ok: false,
          error: error instanceof Error ? error.message : String(error),
        }),
    );
  });
  // The parent going away (even killed) must not leave a server behind.
  process.on('disconnect', () => process.exit(0));

  start().then(
    (result) => {
      served = result;
      send({ type: 'ready', port: result.port });
    },
    (error: unknown) => {
      send({
        type: 'failed',
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
      process.exitCode = 1;
      setTimeout(() => process.exit(1), 100);
    },
  );
}
