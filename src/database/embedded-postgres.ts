// Owns the embedded database: PGlite in a worker thread, served to the ordinary `pg` driver
// through pglite-socket on 127.0.0.1, so that a slow statement never blocks the API's event loop.
import { mkdirSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

export interface EmbeddedPostgres {
  readonly url: string;
  stop(): Promise<void>;
}

// Plain JavaScript run with `eval` so it works the same from ts sources (tests) and from dist.
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const { PGlite } = require(workerData.pglitePath);
const { PGLiteSocketServer } = require(workerData.socketPath);
(async () => {
  const db = await PGlite.create(workerData.dataDir);
  const server = new PGLiteSocketServer({
    db,
    host: '127.0.0.1',
    port: 0,
    maxConnections: workerData.maxConnections,
  });
  await server.start();
  parentPort.postMessage({ type: 'ready', address: server.getServerConn() });
  parentPort.on('message', async (message) => {
    if (message === 'stop') {
      await server.stop();
      await db.close();
      parentPort.postMessage({ type: 'stopped' });
    }
  });
})().catch((error) => {
  parentPort.postMessage({ type: 'error', message: String(error && error.stack || error) });
});
`;

interface WorkerMessage {
  type: 'ready' | 'stopped' | 'error';
  address?: string;
  message?: string;
}

/** pglite-socket resets connections beyond its limit: room for the app's pool and a few more. */
export function embeddedConnectionLimit(poolSize: number): number {
  return poolSize + 4;
}

let early:
  { dataDir: string; maxConnections: number; server: Promise<EmbeddedPostgres> } | undefined;

/**
 * Starts the embedded database ahead of the application (main.ts calls it before it loads the
 * app's modules), so that PGlite's start runs in its thread while the main thread loads and wires
 * the modules. The next `startEmbeddedPostgres` with the same arguments takes it over.
 */
export function startEmbeddedPostgresEarly(dataDir: string, maxConnections: number): void {
  const server = launch(dataDir, maxConnections);
  // A failure is reported to whoever takes the server over.
  server.catch(() => undefined);
  early = { dataDir, maxConnections, server };
}

/**
 * Starts PGlite persisted in `dataDir` (created if missing), or takes over the one started early
 * for the same folder. `maxConnections` must exceed the client pool size: pglite-socket resets
 * connections beyond its limit.
 */
export function startEmbeddedPostgres(
  dataDir: string,
  maxConnections: number,
): Promise<EmbeddedPostgres> {
  if (early?.dataDir === dataDir && early.maxConnections === maxConnections) {
    const { server } = early;
    early = undefined;
    return server;
  }
  return launch(dataDir, maxConnections);
}

async function launch(dataDir: string, maxConnections: number): Promise<EmbeddedPostgres> {
  mkdirSync(dataDir, { recursive: true });
  const worker = new Worker(workerSource, {
    eval: true,
    workerData: {
      dataDir,
      maxConnections,
      pglitePath: require.resolve('@electric-sql/pglite'),
      socketPath: require.resolve('@electric-sql/pglite-socket'),
    },
  });
  const address = await new Promise<string>((resolve, reject) => {
    const onMessage = (message: WorkerMessage) => {
      if (message.type === 'ready' && message.address !== undefined) {
        resolve(message.address);
      } else if (message.type === 'error') {
        reject(new Error(`Embedded PostgreSQL failed to start: ${message.message ?? ''}`));
      }
    };
    worker.once('message', onMessage);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`Embedded PostgreSQL exited with ${code}`)));
  });
  worker.removeAllListeners('exit');
  return {
    url: `postgres://postgres@${address}/postgres`,
    stop: async () => {
      const stopped = new Promise<void>((resolve) => {
        worker.on('message', (message: WorkerMessage) => {
          if (message.type === 'stopped') resolve();
        });
        worker.once('exit', () => resolve());
      });
      worker.postMessage('stop');
      // A database that will not close in time must not hold the process open.
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, 5000);
      });
      await Promise.race([stopped, timeout]);
      clearTimeout(timer);
      await worker.terminate();
    },
  };
}
