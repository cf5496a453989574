// B3: the CSR queue read with a keyset cursor at growing depth in a large table; the baseline is
// the same endpoint with a cursor at depth 0.
import { encodeCursor } from '@/tickets/ticket-sort';
import type { BenchContext, Workload } from '../lib/context';
import { fetchJson, httpLoad, warmUp } from '../lib/http-load';
import { summarize } from '../lib/stats';
import { row, ResultRow } from '../lib/report';
import { createTickets, createUsers } from '../lib/seed';

const SORT = '-created_at';

const label = (n: number) =>
  n >= 1_000_000
    ? `${+(n / 1_000_000).toFixed(2)}M`
    : n >= 1000
      ? `${+(n / 1000).toFixed(1)}k`
      : String(n);

export const b3DeepPages: Workload = {
  id: 'B3',
  name: 'deep-pages',
  title: 'GET /api/v1/csr/tickets?limit=20&cursor=… at depth 0, 10k, 100k, 1M of 1M tickets',
  usesDatabase: true,
  async run(ctx: BenchContext): Promise<ResultRow[]> {
    const bulk = ctx.quick ? 20_000 : 1_000_000;
    const owners = await createUsers(ctx.sql, ctx.jwt, {
      prefix: 'b3-owner',
      count: ctx.quick ? 100 : 1000,
      role: 'user',
      rounds: ctx.bcryptRounds,
    });
    // An admin reads the queue: a CSR would join B2's round-robin cycle.
    const [admin] = await createUsers(ctx.sql, ctx.jwt, {
      prefix: 'b3-admin',
      count: 1,
      role: 'admin',
      rounds: ctx.bcryptRounds,
    });
    const started = Date.now();
    await createTickets(ctx.sql, {
      count: bulk,
      owners: owners.map((owner) => owner.id),
      assignees: [],
      secondsBack: 3600,
      onProgress: (done) => ctx.log(`B3: ${done.toLocaleString('en-US')} tickets seeded`),
    });
    await ctx.sql.query('VACUUM ANALYZE tickets');
    ctx.log(`B3: seeded and analysed in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const total = (await ctx.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM tickets`))
      .rows[0]!.n;
    const wanted = ctx.quick ? [0, 1_000, 10_000, total] : [0, 10_000, 100_000, total];
    // The cursor names the row at `depth`; the page holds the 20 after it. The deepest is the
    // last full page.
    const depths = wanted.map((depth) => Math.min(depth, total - 21));
    const headers = { authorization: `Bearer ${admin!.token}` };
    const urls: string[] = [];
    for (const depth of depths) {
      const position = await ctx.sql.query<{ id: string; v: string }>(
        `SELECT id, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS v
           FROM tickets ORDER BY created_at DESC, id DESC OFFSET $1 LIMIT 1`,
        [depth],
      );
      const { id, v } = position.rows[0]!;
      const url = `${ctx.api.url}/api/v1/csr/tickets?limit=20&cursor=${encodeCursor(SORT, { value: v, id })}`;
      const page = await fetchJson(url, { headers });
      const items = (page.body as { items?: unknown[] }).items?.length;
      if (page.status !== 200 || items !== 20) {
        throw new Error(`B3: depth ${depth} answered ${page.status} with ${items} items`);
      }
      urls.push(url);
    }
    // One connection: latency, not queueing, is what depth could change. The depths take turns
    // in short rounds so that drift of the machine over time does not favour either end.
    for (const url of urls) await warmUp({ url, connections: 1, headers, duration: 1 });
    const rounds = ctx.quick ? 1 : 4;
    const seconds = ctx.quick ? 1 : 3;
    const samples = depths.map(() => [] as number[]);
    for (let round = 0; round < rounds; round++) {
      ctx.log(`B3: round ${round + 1} of ${rounds} over depths ${depths.join(', ')}`);
      for (const [index, url] of urls.entries()) {
        const result = await httpLoad({
          url,
          connections: 1,
          headers,
          duration: seconds,
          keepSamples: true,
        });
        samples[index]!.push(...result.samples);
      }
    }
    const results = depths.map((depth, index) => ({ depth, latency: summarize(samples[index]!) }));
    const base = results[0]!.latency;
    const of = `of ${label(total)}`;
    return results.map(({ depth, latency }, index) =>
      row(
        'B3',
        `p50 at depth ${label(depth)} ${of}`,
        'ms',
        latency.p50,
        base.p50,
        'depth 0',
        index === results.length - 1 ? { on: 'ratio', op: '<=', value: 1.5 } : undefined,
        `p99 ${latency.p99.toFixed(2)} ms, ${latency.count} requests`,
      ),
    );
  },
};
