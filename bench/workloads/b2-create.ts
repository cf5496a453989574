// B2: ticket creation with round-robin auto-assignment over 10 active CSRs.
import type { BenchContext, Workload } from '../lib/context';
import { compareHttp, failureNote, fetchJson, joinNotes, setPresence } from '../lib/http-load';
import { row, ResultRow } from '../lib/report';
import { createUsers } from '../lib/seed';

const PATH = '/api/v1/users/tickets';
const RAW = 'raw node:http + pg';
const CONNECTIONS = 20;

const BODY = JSON.stringify({
  title: 'Printer on fire',
  description: 'It started after the last update and the paper tray is smoking.',
  category: 'Hardware',
  type: 'Incident',
});

export const b2Create: Workload = {
  id: 'B2',
  name: 'create',
  title: `POST /api/v1/users/tickets, round robin over 10 CSRs, ${CONNECTIONS} connections`,
  usesDatabase: true,
  async run(ctx: BenchContext): Promise<ResultRow[]> {
    const csrs = await createUsers(ctx.sql, ctx.jwt, {
      prefix: 'b2-csr',
      count: 10,
      role: 'csr',
      rounds: ctx.bcryptRounds,
    });
    const active = await ctx.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM users WHERE role = 'csr' AND is_active`,
    );
    if (active.rows[0]?.n !== csrs.length) {
      ctx.log(`B2: ${active.rows[0]?.n} active CSRs take part in the cycle, not 10`);
    }
    const [user] = await createUsers(ctx.sql, ctx.jwt, {
      prefix: 'b2-user',
      count: 1,
      role: 'user',
      rounds: ctx.bcryptRounds,
    });
    const headers = { authorization: `Bearer ${user!.token}` };
    const load = {
      path: PATH,
      method: 'POST' as const,
      body: BODY,
      connections: CONNECTIONS,
      headers,
    };

    // Presence routing on: the CSRs keep themselves present as a REST-only console would.
    const tokens = csrs.map((csr) => csr.token);
    await setPresence(ctx.api.url, tokens, 'online');
    const keepAlive = setInterval(
      () => void setPresence(ctx.api.url, tokens, 'online').catch(() => undefined),
      20_000,
    );

    const baseline = await ctx.baseline('b2-baseline', 'bench/baselines/tickets-http.ts');
    const probe = await fetchJson(`${baseline.url}${PATH}`, {
      method: 'POST',
      headers,
      body: BODY,
    });
    if (probe.status !== 201) throw new Error(`B2 baseline answered ${probe.status}`);

    ctx.log(`B2: API and baseline, ${ctx.phases.rounds} alternating rounds`);
    const [api, base] = await compareHttp(
      [
        { server: ctx.api, load },
        { server: baseline, load },
      ],
      ctx.phases,
    ).finally(() => clearInterval(keepAlive));
    await setPresence(ctx.api.url, tokens, 'offline');
    const spread = await ctx.sql.query<{ min: number; max: number }>(
      `SELECT min(n)::int AS min, max(n)::int AS max FROM (
         SELECT count(t.id) AS n FROM users u LEFT JOIN tickets t ON t.assigned_to_id = u.id
          WHERE u.email LIKE 'b2-csr-%' GROUP BY u.id) c`,
    );
    const { min, max } = spread.rows[0] ?? { min: 0, max: 0 };
    return [
      row(
        'B2',
        'req/s',
        'req/s',
        api.rps,
        base.rps,
        RAW,
        { on: 'ratio', op: '>=', value: 0.7 },
        joinNotes(`tickets per CSR ${min}–${max}`, failureNote({ API: api, baseline: base })),
      ),
      row('B2', 'latency p99', 'ms', api.latency.p99, base.latency.p99, RAW),
      row('B2', 'server event-loop delay p99', 'ms', api.eventLoop.p99, base.eventLoop.p99, RAW),
    ];
  },
};
