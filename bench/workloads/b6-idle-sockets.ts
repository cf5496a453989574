// B6: what an idle, authenticated chat socket costs the server in heap and RSS, against a plain
// `ws` connection. Memory is read inside each server process after forced collections.
import type { BenchContext, Workload } from '../lib/context';
import type { BenchChild } from '../lib/processes';
import type { MemorySample } from '../lib/child';
import { row, ResultRow } from '../lib/report';
import { createUsers } from '../lib/seed';
import { connectChat, connectWs, inBatches } from '../lib/sockets';
import { sleep } from '../lib/stats';

interface Closable {
  close(): void;
}

interface Side {
  heap: number;
  rss: number;
  connectSeconds: number;
}

/**
 * Memory growth per connection in `server`, after a first round of connections has come and gone
 * (so code, JIT and pools are in place and the second reading is not paying for them).
 */
async function measure(
  server: BenchChild,
  count: number,
  connect: (index: number) => Promise<Closable>,
): Promise<Side> {
  const settle = count >= 1000 ? 2000 : 1000;
  const warm = await inBatches(Math.min(200, count / 5), 100, connect);
  for (const socket of warm) socket.close();
  await sleep(settle / 2);
  const before: MemorySample = await server.memory();
  // With BENCH_PROFILE_DIR set, heap snapshots before and after show what a socket retains.
  const snapshots = process.env.BENCH_PROFILE_DIR !== undefined;
  if (snapshots) await server.heapSnapshot();
  const started = Date.now();
  const sockets = await inBatches(count, 100, connect);
  const connectSeconds = (Date.now() - started) / 1000;
  await sleep(settle);
  const after = await server.memory();
  if (snapshots) await server.heapSnapshot();
  for (const socket of sockets) socket.close();
  return {
    heap: (after.heapUsed - before.heapUsed) / count,
    rss: (after.rss - before.rss) / count,
    connectSeconds,
  };
}

export const b6IdleSockets: Workload = {
  id: 'B6',
  name: 'idle-sockets',
  title: '5,000 idle authenticated chat sockets: server memory per socket',
  usesDatabase: true,
  async run(ctx: BenchContext): Promise<ResultRow[]> {
    const count = ctx.quick ? 500 : 5000;
    const users = await createUsers(ctx.sql, ctx.jwt, {
      prefix: 'b6-user',
      count,
      role: 'user',
      rounds: ctx.bcryptRounds,
    });
    const baseline = await ctx.baseline('b6-baseline', 'bench/baselines/ws-idle.ts');
    ctx.log(`B6: baseline (${count} ws clients)`);
    const base = await measure(baseline, count, () => connectWs(baseline.url));
    // Not a target, a reference: what Socket.IO itself costs per socket (the B5 baseline: token
    // checked at the handshake, no rooms joined), to tell the library's share from the app's.
    const bare = await ctx.baseline('b6-socketio', 'bench/baselines/socketio-broadcast.ts');
    ctx.log(`B6: bare Socket.IO (${count} clients)`);
    const io = await measure(bare, count, (index) => connectChat(bare.url, users[index]!.token));
    // A new API process: the shared one carries the heap and freed pages of earlier workloads,
    // which would blur a reading of memory growth.
    const fresh = await ctx.freshApi('b6-api');
    ctx.log(`B6: API (${count} Socket.IO clients, one user each)`);
    const api = await measure(fresh, count, (index) => connectChat(fresh.url, users[index]!.token));
    const name = 'plain ws';
    return [
      row('B6', `heap per socket (${count})`, 'bytes', api.heap, base.heap, name, {
        on: 'ratio',
        op: '<=',
        value: 1.5,
      }),
      row('B6', `RSS per socket (${count})`, 'bytes', api.rss, base.rss, name, {
        on: 'ratio',
        op: '<=',
        value: 1.5,
      }),
      row('B6', 'seconds to connect all', 's', api.connectSeconds, base.connectSeconds, name),
      row(
        'B6',
        'heap per socket, against bare Socket.IO',
        'bytes',
        api.heap,
        io.heap,
        'bare Socket.IO',
      ),
      row(
        'B6',
        'RSS per socket, against bare Socket.IO',
        'bytes',
        api.rss,
        io.rss,
        'bare Socket.IO',
      ),
    ];
  },
};
