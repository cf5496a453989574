// B4: 8 logins at a time, over and over, while /health/live is probed: what bcrypt does to the
// event loop. The baseline compares with bcryptjs on its main thread at the same cost.
import type { BenchContext, Workload } from '../lib/context';
import type { BenchChild } from '../lib/processes';
import { failureNote, fetchJson, httpLoad, warmUp } from '../lib/http-load';
import { alternate } from '../lib/rounds';
import { LatencySummary, summarize } from '../lib/stats';
import type { EventLoopDelay } from '../lib/child';
import { row, ResultRow } from '../lib/report';
import { BENCH_PASSWORD, createUsers } from '../lib/seed';

const LOGIN = '/api/v1/auth/login';
const LIVE = '/health/live';
const PROBES_PER_SECOND = 50;
/** The main-thread baseline works through all 8 hashes before any login of a round can answer;
 *  on a busy machine that alone took longer than the quick mode's 2 s rounds (no login at all). */
const MIN_ROUND_SECONDS = 5;

interface Totals {
  ok: number;
  seconds: number;
  statusCodes: Record<string, number>;
  errors: number;
  live: number[];
}

interface Side {
  logins: Totals;
  live: LatencySummary;
  eventLoop: EventLoopDelay;
}

async function measure(
  servers: [BenchChild, BenchChild],
  body: string,
  ctx: BenchContext,
): Promise<[Side, Side]> {
  const login = (server: BenchChild) => ({
    url: `${server.url}${LOGIN}`,
    method: 'POST' as const,
    body,
    connections: 8,
  });
  for (const server of servers) {
    // A login takes hundreds of milliseconds and the hash workers start on demand: warm up by
    // count, two logins per connection, not by time.
    await warmUp({ ...login(server), duration: 120, amount: 16 });
    await server.eventLoopReset();
  }
  const totals: Totals[] = servers.map(() => ({
    ok: 0,
    seconds: 0,
    statusCodes: {},
    errors: 0,
    live: [],
  }));
  const duration = Math.max(ctx.phases.roundSeconds, MIN_ROUND_SECONDS);
  await alternate(servers.length, ctx.phases.rounds, async (index) => {
    const server = servers[index]!;
    await server.eventLoopResume();
    const [logins, live] = await Promise.all([
      httpLoad({ ...login(server), duration }),
      httpLoad({
        url: `${server.url}${LIVE}`,
        connections: 1,
        overallRate: PROBES_PER_SECOND,
        duration,
        keepSamples: true,
      }),
    ]);
    await server.eventLoopPause();
    const total = totals[index]!;
    total.ok += logins.ok;
    total.seconds += logins.seconds;
    total.errors += logins.errors;
    total.live.push(...live.samples);
    for (const [code, n] of Object.entries(logins.statusCodes)) {
      total.statusCodes[code] = (total.statusCodes[code] ?? 0) + n;
    }
  });
  const sides: Side[] = [];
  for (const [index, server] of servers.entries()) {
    const total = totals[index]!;
    if (total.ok === 0) throw new Error(`${server.name}: no login succeeded`);
    sides.push({
      logins: total,
      live: summarize(total.live),
      eventLoop: await server.eventLoopRead(),
    });
  }
  return [sides[0]!, sides[1]!];
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
    ctx.log(`B4: API and baseline, ${ctx.phases.rounds} alternating rounds`);
    const [api, base] = await measure([ctx.api, baseline], body, ctx);
    const rate = (side: Side) => side.logins.ok / side.logins.seconds;
    return [
      row('B4', 'event-loop delay p99', 'ms', api.eventLoop.p99, base.eventLoop.p99, name, {
        on: 'api',
        op: '<=',
        value: 10,
      }),
      row('B4', 'event-loop delay max', 'ms', api.eventLoop.max, base.eventLoop.max, name),
      row('B4', '/health/live p99', 'ms', api.live.p99, base.live.p99, name),
      row(
        'B4',
        'logins/s',
        'logins/s',
        rate(api),
        rate(base),
        name,
        { on: 'ratio', op: '>=', value: 1.5 },
        failureNote({ API: api.logins, baseline: base.logins }),
      ),
    ];
  },
};
