// B9: attachments. 8 clients each upload a 5 MiB file and download it again, against the API
// (multipart, typed from the bytes, hashed, disk store, database row, access checks) and against
// raw node:http streaming the same bytes to disk and back; then the API's peak RSS growth while
// 20 × 50 MiB files are uploaded (ATTACHMENT_MAX_BYTES raised), 4 at a time.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import type { BenchContext, Workload } from '../lib/context';
import { row, ResultRow } from '../lib/report';
import { createUsers } from '../lib/seed';

const MiB = 1024 * 1024;
const CONCURRENCY = 8;
const BOUNDARY = 'b9-boundary-5d1c';
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const BASELINE = 'raw node:http streaming to disk';

interface Target {
  url: string;
  headers: Record<string, string>;
  /** Path and whether to frame the body as multipart. */
  uploadPath: string;
  multipart: boolean;
  downloadPath: (id: string) => string;
}

/** `total` bytes starting with a PNG signature, sent in 64 KiB chunks made from one block. */
function* fileChunks(total: number, block: Buffer): Generator<Buffer> {
  let sent = 0;
  while (sent < total) {
    const chunk = sent === 0 ? Buffer.concat([PNG_SIGNATURE, block]) : block;
    const piece = chunk.subarray(0, Math.min(chunk.length, total - sent));
    sent += piece.length;
    yield piece;
  }
}

function uploadOnce(agent: Agent, target: Target, size: number, block: Buffer): Promise<string> {
  const head = Buffer.from(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="b9.png"\r\n` +
      'Content-Type: image/png\r\n\r\n',
  );
  const tail = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);
  const length = target.multipart ? head.length + size + tail.length : size;
  const url = new URL(target.url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method: 'POST',
        path: target.uploadPath,
        agent,
        headers: {
          ...target.headers,
          'content-length': String(length),
          'content-type': target.multipart
            ? `multipart/form-data; boundary=${BOUNDARY}`
            : 'application/octet-stream',
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          if (res.statusCode !== 201) return reject(new Error(`upload: ${res.statusCode} ${text}`));
          resolve((JSON.parse(text) as { id: string }).id);
        });
      },
    );
    req.on('error', reject);
    const chunks = fileChunks(size, block);
    const write = () => {
      for (;;) {
        const next = chunks.next();
        if (next.done === true) {
          if (target.multipart) req.write(tail);
          req.end();
          return;
        }
        if (!req.write(next.value)) {
          req.once('drain', write);
          return;
        }
      }
    };
    if (target.multipart) req.write(head);
    write();
  });
}

function downloadOnce(agent: Agent, target: Target, id: string): Promise<number> {
  const url = new URL(target.url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method: 'GET',
        path: target.downloadPath(id),
        agent,
        headers: target.headers,
      },
      (res) => {
        let bytes = 0;
        res.on('data', (chunk: Buffer) => (bytes += chunk.length));
        res.on('end', () =>
          res.statusCode === 200
            ? resolve(bytes)
            : reject(new Error(`download: ${res.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** MB/s moved (up + down) by CONCURRENCY clients doing `perClient` upload+download pairs. */
async function throughput(target: Target, size: number, perClient: number): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const block = randomBytes(64 * 1024);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let i = 0; i < perClient; i++) {
        const id = await uploadOnce(agent, target, size, block);
        const got = await downloadOnce(agent, target, id);
        if (got !== size) throw new Error(`B9: downloaded ${got} bytes of ${size}`);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return (2 * size * CONCURRENCY * perClient) / MiB / seconds;
}

function rssBytes(pid: number): number {
  const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb ?? Number.NaN) * 1024;
}

export const b9Attachments: Workload = {
  id: 'B9',
  name: 'attachments',
  title: '5 MiB upload + download, 8 concurrent; RSS while uploading 20 × 50 MiB',
  usesDatabase: true,
  async run(ctx: BenchContext): Promise<ResultRow[]> {
    const size = 5 * MiB;
    const bigSize = ctx.quick ? 20 * MiB : 50 * MiB;
    const bigCount = ctx.quick ? 4 : 20;
    const perClient = ctx.quick ? 1 : 4;
    const api = await ctx.freshApi('b9-api', {
      ATTACHMENT_MAX_BYTES: String(64 * MiB),
      ATTACHMENTS_PER_TICKET: '100000',
    });
    const baseline = await ctx.baseline('b9-baseline', 'bench/baselines/attachments-http.ts', {
      BENCH_FILES_DIR: join(ctx.tmpDir, 'b9-baseline-files'),
    });
    const [owner] = await createUsers(ctx.sql, ctx.jwt, {
      prefix: 'b9-user',
      count: 1,
      role: 'user',
      rounds: ctx.bcryptRounds,
    });
    const created = await fetch(`${api.url}/api/v1/users/tickets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${owner!.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'B9', description: 'files', category: 'bench', type: 'b' }),
    });
    if (created.status !== 201) throw new Error(`B9: ticket creation answered ${created.status}`);
    const ticketId = ((await created.json()) as { id: string }).id;
    const apiTarget: Target = {
      url: api.url,
      headers: { authorization: `Bearer ${owner!.token}` },
      uploadPath: `/api/v1/tickets/${ticketId}/attachments`,
      multipart: true,
      downloadPath: (id) => `/api/v1/attachments/${id}`,
    };
    const baseTarget: Target = {
      url: baseline.url,
      headers: {},
      uploadPath: '/files',
      multipart: false,
      downloadPath: (id) => `/files/${id}`,
    };

    // First, on the fresh API: peak RSS growth while big files stream through it, 4 at a time.
    await uploadOnce(new Agent(), apiTarget, MiB, randomBytes(1024));
    const before = rssBytes(api.pid);
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rssBytes(api.pid))), 20);
    const agent = new Agent({ keepAlive: true, maxSockets: 4 });
    const block = randomBytes(64 * 1024);
    let next = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < bigCount) {
          next++;
          await uploadOnce(agent, apiTarget, bigSize, block);
        }
      }),
    );
    clearInterval(sampler);
    peak = Math.max(peak, rssBytes(api.pid));
    agent.destroy();
    const growthMb = (peak - before) / MiB;

    // Warm both once, then alternate the sides so that machine noise falls on both alike.
    await throughput(apiTarget, MiB, 1);
    await throughput(baseTarget, MiB, 1);
    const apiRates: number[] = [];
    const baseRates: number[] = [];
    for (let round = 0; round < (ctx.quick ? 1 : 3); round++) {
      apiRates.push(await throughput(apiTarget, size, perClient));
      baseRates.push(await throughput(baseTarget, size, perClient));
    }
    const median = (values: number[]) =>
      [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
    ctx.log(
      `B9: API ${apiRates.map((r) => r.toFixed(0)).join(', ')} MB/s; baseline ${baseRates.map((r) => r.toFixed(0)).join(', ')} MB/s`,
    );

    return [
      row(
        'B9',
        '5 MiB upload + download, 8 concurrent (MB/s, up + down)',
        'MB',
        median(apiRates),
        median(baseRates),
        BASELINE,
        { on: 'ratio', op: '>=', value: 0.7 },
        `median of ${apiRates.length} rounds of ${CONCURRENCY} × ${perClient} pairs`,
      ),
      row(
        'B9',
        `peak RSS growth uploading ${bigCount} × ${bigSize / MiB} MiB, 4 at a time`,
        'MB',
        growthMb,
        null,
        '—',
        { on: 'api', op: '<=', value: 64 },
        `RSS before ${(before / MiB).toFixed(0)} MB, peak ${(peak / MiB).toFixed(0)} MB`,
      ),
    ];
  },
};
