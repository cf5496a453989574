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

/**
 * Starts PGlite persisted in `dataDir` (created if missing). `maxConnections` must exceed the
 * client pool size: pglite-socket resets connections beyond its limit.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  maxConnections: number,
): Promise<EmbeddedPostgres> {
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
