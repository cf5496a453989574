// Baseline of B9: raw node:http streaming each request body to a temp file with its sha256
// (fsynced, then renamed into place, as the API's disk store does) and streaming it back: the
// same bytes to disk and back with no multipart parsing, typing, database or access checks.
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, statSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { serveChild } from '../lib/child';
import { closeServer, listen, sendJson, sendProblem } from './shared';

// The same stream buffer sizes as the API's, so the ratio measures what the API adds.
const BUFFER_BYTES = 256 * 1024;
const root = process.env.BENCH_FILES_DIR ?? join(process.cwd(), 'b9-files');
mkdirSync(root, { recursive: true });

serveChild(async () => {
  const { server, port } = await listen(async (request, response) => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    if (path === '/files' && request.method === 'POST') {
      const hash = createHash('sha256');
      let size = 0;
      const temp = join(root, `${randomUUID()}.part`);
      await pipeline(
        request,
        new Transform({
          transform(chunk: Buffer, _encoding, done) {
            size += chunk.length;
            hash.update(chunk);
            done(null, chunk);
          },
        }),
        createWriteStream(temp, { flush: true, highWaterMark: BUFFER_BYTES }),
      );
      const id = hash.digest('hex');
      await rename(temp, join(root, id));
      return sendJson(response, 201, { id, size });
    }
    const file = /^\/files\/([0-9a-f]{64})$/.exec(path)?.[1];
    if (file !== undefined && request.method === 'GET') {
      const target = join(root, file);
      response.writeHead(200, {
        'content-type': 'application/octet-stream',
        'content-length': String(statSync(target).size),
      });
      await pipeline(createReadStream(target, { highWaterMark: BUFFER_BYTES }), response);
      return;
    }
    sendProblem(response, 404, 'Not found', path);
  });
  return { port, close: () => closeServer(server) };
});
