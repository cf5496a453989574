// B1: a user's ticket list, first page of 20, by a user who has 500 tickets, 50 connections.
import { isDeepStrictEqual } from 'node:util';
import type { BenchContext, Workload } from '../lib/context';
import { failureNote, fetchJson, joinNotes, compareHttp } from '../lib/http-load';
import { row, ResultRow } from '../lib/report';
import { createTickets, createUsers } from '../lib/seed';

const PATH = '/api/v1/users/tickets?limit=20';
const RAW = 'raw node:http + pg';

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

    const baseline = await ctx.baseline('b1-baseline', 'bench/baselines/tickets-http.ts');
    const [fromApi, fromBaseline] = await Promise.all([
      fetchJson(`${ctx.api.url}${PATH}`, { headers }),
      fetchJson(`${baseline.url}${PATH}`, { headers }),
    ]);
    const same = fromApi.status === 200 && isDeepStrictEqual(fromApi.body, fromBaseline.body);
    if (!same) ctx.log('B1: the baseline does not answer the same JSON as the API');

    ctx.log(`B1: API and baseline, ${ctx.phases.rounds} alternating rounds`);
    const [api, base] = await compareHttp(
      [
        { server: ctx.api, load },
        { server: baseline, load },
      ],
      ctx.phases,
    );
    const note = joinNotes(
      same ? undefined : 'baseline JSON differs',
      failureNote({ API: api, baseline: base }),
    );
    return [
      row(
        'B1',
        'req/s',
        'req/s',
        api.rps,
        base.rps,
        RAW,
        { on: 'ratio', op: '>=', value: 0.85 },
        note,
      ),
      row('B1', 'latency p99', 'ms', api.latency.p99, base.latency.p99, RAW, {
        on: 'ratio',
        op: '<=',
        value: 1.3,
      }),
      row('B1', 'latency p50', 'ms', api.latency.p50, base.latency.p50, RAW),
      row('B1', 'server event-loop delay p99', 'ms', api.eventLoop.p99, base.eventLoop.p99, RAW),
    ];
  },
};
