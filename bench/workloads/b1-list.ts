// B1: a user's ticket list, first page of 20, by a user who has 500 tickets, 50 connections.
// Three sides: the API, a bare Nest-on-Fastify app with the one route, and raw node:http + pg,
// all doing the same token check, statement and JSON; so the API against bare Nest is what our
// guards, pipes, hooks and logging cost, and bare Nest against raw is what Nest itself costs.
import { isDeepStrictEqual } from 'node:util';
import type { BenchContext, Workload } from '../lib/context';
import { failureNote, fetchJson, joinNotes, compareHttp, HttpTotals } from '../lib/http-load';
import { row, ResultRow } from '../lib/report';
import { createTickets, createUsers } from '../lib/seed';

const PATH = '/api/v1/users/tickets?limit=20';
const RAW = 'raw node:http + pg';
const NEST = 'bare Nest on Fastify';
const BEFORE = 'the API of BENCH_BEFORE';

/** "rounds 1,234–1,456" of a side's per-round figures, for the spread behind a pooled value. */
function spread(label: string, values: readonly number[]): string {
  const fmt = (v: number) => Math.round(v).toLocaleString('en-US');
  return `${label} rounds ${fmt(Math.min(...values))}–${fmt(Math.max(...values))}`;
}

function spreads(sides: Record<string, HttpTotals>, pick: (side: HttpTotals) => number[]) {
  return Object.entries(sides)
    .map(([label, side]) => spread(label, pick(side)))
    .join(', ');
}

export const b1List: Workload = {
  id: 'B1',
  name: 'list',
  title: 'GET /api/v1/users/tickets?limit=20, 500 own tickets, 50 connections',
  usesDatabase: true,
  async run(ctx: BenchContext): Promise<ResultRow[]> {
    const [owner] = await createUsers(ctx.sql, ctx.jwt, {
      prefix: 'b1-owner',
      count: 1,
      role: 'user',
      rounds: ctx.bcryptRounds,
    });
    await createTickets(ctx.sql, { count: 500, owners: [owner!.id], assignees: [] });
    await ctx.sql.query('ANALYZE tickets');
    const headers = { authorization: `Bearer ${owner!.token}` };
    const load = { path: PATH, connections: 50, headers };

    const raw = await ctx.baseline('b1-baseline', 'bench/baselines/tickets-http.ts');
    const nest = await ctx.baseline('b1-nest', 'bench/baselines/tickets-nest.ts');
    const [fromApi, fromRaw, fromNest] = await Promise.all(
      [ctx.api, raw, nest].map((server) => fetchJson(`${server.url}${PATH}`, { headers })),
    );
    const rawSame = fromApi!.status === 200 && isDeepStrictEqual(fromApi!.body, fromRaw!.body);
    const nestSame = fromApi!.status === 200 && isDeepStrictEqual(fromApi!.body, fromNest!.body);
    if (!rawSame) ctx.log('B1: the raw baseline does not answer the same JSON as the API');
    if (!nestSame) ctx.log('B1: the bare Nest app does not answer the same JSON as the API');

    ctx.log(`B1: API, bare Nest and raw, ${ctx.phases.rounds} alternating rounds`);
    const before = ctx.before;
    const [api, bare, base, old] = await compareHttp(
      [
        { server: ctx.api, load },
        { server: nest, load },
        { server: raw, load },
        ...(before === undefined ? [] : [{ server: before, load }]),
      ],
      ctx.phases,
    );
    const sides: Record<string, HttpTotals> = { API: api, 'bare Nest': bare, raw: base };
    if (old !== undefined) sides.before = old;
    const rpsNote = joinNotes(
      rawSame && nestSame ? undefined : 'baseline JSON differs',
      failureNote(sides),
      spreads(sides, (side) => side.roundRps),
    );
    const cpuNote = spreads(sides, (side) => side.roundCpuUs);
    return [
      row(
        'B1',
        'req/s',
        'req/s',
        api.rps,
        base.rps,
        RAW,
        { on: 'ratio', op: '>=', value: 0.85 },
        rpsNote,
      ),
      row('B1', 'req/s', 'req/s', api.rps, bare.rps, NEST, { on: 'ratio', op: '>=', value: 0.95 }),
      row('B1', 'req/s, bare Nest (in the API column)', 'req/s', bare.rps, base.rps, RAW),
      row('B1', 'latency p99', 'ms', api.latency.p99, base.latency.p99, RAW, {
        on: 'ratio',
        op: '<=',
        value: 1.3,
      }),
      row('B1', 'latency p99', 'ms', api.latency.p99, bare.latency.p99, NEST),
      row('B1', 'latency p50', 'ms', api.latency.p50, base.latency.p50, RAW),
      row(
        'B1',
        'server CPU per request',
        'µs',
        api.cpuPerRequestUs,
        base.cpuPerRequestUs,
        RAW,
        undefined,
        cpuNote,
      ),
      row('B1', 'server CPU per request', 'µs', api.cpuPerRequestUs, bare.cpuPerRequestUs, NEST),
      row('B1', 'server event-loop delay p99', 'ms', api.eventLoop.p99, base.eventLoop.p99, RAW),
      ...(old === undefined
        ? []
        : [
            row('B1', 'req/s', 'req/s', api.rps, old.rps, BEFORE),
            row(
              'B1',
              'server CPU per request',
              'µs',
              api.cpuPerRequestUs,
              old.cpuPerRequestUs,
              BEFORE,
            ),
            row('B1', 'req/s, before (in the API column)', 'req/s', old.rps, bare.rps, NEST),
            row(
              'B1',
              'server CPU per request, before (in the API column)',
              'µs',
              old.cpuPerRequestUs,
              bare.cpuPerRequestUs,
              NEST,
            ),
          ]),
    ];
  },
};
