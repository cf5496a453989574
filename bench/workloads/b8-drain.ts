// B8: a backlog drains when the team comes online: 10,000 queued tickets, 50 CSRs of capacity
// 200 send their presence at once; time until the queue is empty. Baseline: the same assignment
// (round robin in queue order, capacity each) as one set-based SQL statement, in the same run.
import type { BenchContext, Workload } from '../lib/context';
import { setPresence } from '../lib/http-load';
import { row, ResultRow } from '../lib/report';
import { createTickets, createUsers } from '../lib/seed';

const BASELINE = 'one set-based SQL statement';
const QUEUED = `t.assigned_to_id IS NULL AND t.status IN ('open', 'in_progress')`;
// The queue order, as the API's tickets repository and tickets_queue_idx write it.
const QUEUE_ORDER = `(CASE t.priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 WHEN 'low' THEN 3 ELSE 4 END), t.created_at, t.id`;

export const b8Drain: Workload = {
  id: 'B8',
  name: 'drain',
  title: '10,000 queued tickets, 50 CSRs of capacity 200 come online together',
  usesDatabase: true,
  async run(ctx: BenchContext): Promise<ResultRow[]> {
    const agents = ctx.quick ? 10 : 50;
    const capacity = ctx.quick ? 100 : 200;
    const count = agents * capacity;
    // Earlier workloads leave unassigned tickets (B1, B3); they would join this queue.
    const closed = await ctx.sql.query(
      `UPDATE tickets t SET status = 'closed', closed_at = now() WHERE ${QUEUED}`,
    );
    ctx.log(`B8: closed ${closed.rowCount} tickets left unassigned by earlier workloads`);
    const csrs = await createUsers(ctx.sql, ctx.jwt, {
      prefix: 'b8-csr',
      count: agents,
      role: 'csr',
      rounds: ctx.bcryptRounds,
    });
    const ids = csrs.map((csr) => csr.id);
    await ctx.sql.query(
      `INSERT INTO agent_profiles (user_id, max_open_tickets, capacity_set)
       SELECT unnest($1::uuid[]), $2, true`,
      [ids, capacity],
    );
    const [owner] = await createUsers(ctx.sql, ctx.jwt, {
      prefix: 'b8-user',
      count: 1,
      role: 'user',
      rounds: ctx.bcryptRounds,
    });
    await createTickets(ctx.sql, { count, owners: [owner!.id], assignees: [] });
    // Mixed priorities (a fifth none), so the queue order is not the insertion order.
    await ctx.sql.query(
      `UPDATE tickets SET priority = (ARRAY['low', 'medium', 'high', 'urgent'])[1 + number % 4]::ticket_priority
        WHERE user_id = $1 AND number % 5 <> 0`,
      [owner!.id],
    );
    const queued = async () =>
      (
        await ctx.sql.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM tickets t WHERE t.user_id = $1 AND ${QUEUED}`,
          [owner!.id],
        )
      ).rows[0]?.n ?? -1;

    ctx.log(`B8: ${count} queued; ${agents} CSRs send their presence at once`);
    const tokens = csrs.map((csr) => csr.token);
    const started = performance.now();
    await setPresence(ctx.api.url, tokens, 'online');
    const deadline = Date.now() + 600_000;
    while ((await queued()) > 0) {
      if (Date.now() > deadline) throw new Error('B8: the queue did not drain within 10 min');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const apiSeconds = (performance.now() - started) / 1000;
    // Offline again, so no later work drains to them.
    await setPresence(ctx.api.url, tokens, 'offline');
    const loads = await ctx.sql.query<{ min: number; max: number }>(
      `SELECT min(n)::int AS min, max(n)::int AS max FROM (
         SELECT count(t.id) AS n FROM unnest($1::uuid[]) AS u(id)
           LEFT JOIN tickets t ON t.assigned_to_id = u.id GROUP BY u.id) c`,
      [ids],
    );
    const twice = await ctx.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (
         SELECT e.ticket_id FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id
          WHERE t.user_id = $1 AND e.kind = 'assigned' GROUP BY e.ticket_id HAVING count(*) > 1) d`,
      [owner!.id],
    );
    const spread = { ...loads.rows[0], twice: twice.rows[0]?.n };

    // The baseline starts from the same queue.
    await ctx.sql.query(
      `WITH reset AS (
         UPDATE tickets SET assigned_to_id = NULL WHERE user_id = $1 RETURNING id
       )
       DELETE FROM ticket_events WHERE kind = 'assigned' AND ticket_id IN (SELECT id FROM reset)`,
      [owner!.id],
    );
    const baseStarted = performance.now();
    await ctx.sql.query(
      `WITH agents AS (
         SELECT id, row_number() OVER (ORDER BY created_at, id) - 1 AS k
           FROM users WHERE id = ANY($1::uuid[])
       ), queue AS (
         SELECT t.id, row_number() OVER (ORDER BY ${QUEUE_ORDER}) - 1 AS n
           FROM tickets t WHERE ${QUEUED}
       ), chosen AS (
         SELECT queue.id, agents.id AS assignee
           FROM queue JOIN agents ON agents.k = queue.n % $2
          WHERE queue.n < $2 * $3
       ), assigned AS (
         UPDATE tickets t SET assigned_to_id = chosen.assignee, updated_at = now()
           FROM chosen WHERE t.id = chosen.id
         RETURNING t.id, t.assigned_to_id
       )
       INSERT INTO ticket_events (ticket_id, actor_id, kind, data)
       SELECT id, NULL, 'assigned',
              jsonb_build_object('from', NULL, 'to', assigned_to_id, 'strategy', 'round_robin',
                                 'reason', 'queue')
         FROM assigned`,
      [ids, agents, capacity],
    );
    const baseSeconds = (performance.now() - baseStarted) / 1000;
    const left = await queued();
    return [
      row(
        'B8',
        `drain ${count.toLocaleString('en-US')} queued tickets to ${agents} CSRs`,
        's',
        apiSeconds,
        baseSeconds,
        BASELINE,
        { on: 'ratio', op: '<=', value: 3 },
        `API: tickets per CSR ${spread?.min}–${spread?.max}, assigned twice ${spread?.twice}; baseline left ${left}`,
      ),
    ];
  },
};
