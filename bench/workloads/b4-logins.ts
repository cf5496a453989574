// B4: 8 logins at a time, over and over, while /health/live is probed: what bcrypt does to the
// event loop. The baseline compares with bcryptjs on its main thread at the same cost.
import type { BenchContext, Workload } from '../lib/context';
import type { BenchChild } from '../lib/processes';
import { failureNote, fetchJson, httpLoad, HttpLoadResult, warmUp } from '../lib/http-load';
import type { EventLoopDelay } from '../lib/child';
import { row, ResultRow } from '../lib/report';
import { BENCH_PASSWORD, createUsers } from '../lib/seed';

const LOGIN = '/api/v1/auth/login';
const LIVE = '/health/live';
const PROBES_PER_SECOND = 50;

interface Side {
  logins: HttpLoadResult;
  live: HttpLoadResult;
  eventLoop: EventLoopDelay;
}

async function measure(server: BenchChild, body: string, ctx: BenchContext): Promise<Side> {
  const login = {
    url: `${server.url}${LOGIN}`,
    method: 'POST' as const,
    body,
    connections: 8,
  };
  await warmUp({ ...login, duration: ctx.phases.warmup });
  await server.eventLoopStart();
  const [logins, live] = await Promise.all([
    httpLoad({ ...login, duration: ctx.phases.measure }),
    httpLoad({
      url: `${server.url}${LIVE}`,
      connections: 1,
      overallRate: PROBES_PER_SECOND,
      duration: ctx.phases.measure,
    }),
  ]);
  const eventLoop = await server.eventLoopRead();
  if (logins.ok === 0) throw new Error(`${server.name}: no login succeeded`);
  return { logins, live, eventLoop };
}

export const b4Logins: Workload = {
  id: 'B4',
  name: 'logins',
  title: '8 concurrent logins, repeatedly, with /health/live probed 50 times a second',
  usesDatabase: true,
  async run(ctx: BenchContext): Promise<ResultRow[]> {
    const [user] = await createUsers(ctx.sql, ctx.jwt, {
      prefix: 'b4-user',
      count: 1,
      role: 'user',
      rounds: ctx.bcryptRounds,
    });
    const body = JSON.stringify({ email: user!.email, password: BENCH_PASSWORD });
    const baseline = await ctx.baseline('b4-baseline', 'bench/baselines/login-http.ts', {
      BCRYPT_ROUNDS: String(ctx.bcryptRounds),
    });
    for (const server of [ctx.api, baseline]) {
      const probe = await fetchJson(`${server.url}${LOGIN}`, { method: 'POST', body });
      if (probe.status !== 200)
        throw new Error(`B4: ${server.name} login answered ${probe.status}`);
    }
    const name = `bcryptjs on the main thread, cost ${ctx.bcryptRounds}`;
    ctx.log('B4: baseline');
    const base = await measure(baseline, body, ctx);
    ctx.log('B4: API');
    const api = await measure(ctx.api, body, ctx);
    return [
      row('B4', 'event-loop delay p99', 'ms', api.eventLoop.p99, base.eventLoop.p99, name, {
        on: 'api',
        op: '<=',
        value: 10,
      }),
      row('B4', 'event-loop delay max', 'ms', api.eventLoop.max, base.eventLoop.max, name),
      row('B4', '/health/live p99', 'ms', api.live.latency.p99, base.live.latency.p99, name),
      row(
        'B4',
        'logins/s',
        'logins/s',
        api.logins.rps,
        base.logins.rps,
        name,
        { on: 'ratio', op: '>=', value: 1.5 },
        failureNote({ API: api.logins, baseline: base.logins }),
      ),
    ];
  },
};
