// B11: webhook delivery. (1) 10,000 queued events delivered by the API's dispatcher to a local
// receiver that answers 200 at once, against a raw loop that POSTs the same signed bodies with
// undici at the same concurrency. (2) What one subscribed endpoint adds to the change that emits
// the event: B2's ticket creation with the endpoint off and on, in alternating rounds.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Webhook } from 'standardwebhooks';
import type { BenchContext, Workload } from '../lib/context';
import { httpLoad, HttpLoadResult, warmUp } from '../lib/http-load';
import { row, ResultRow } from '../lib/report';
import { alternate } from '../lib/rounds';
import { REPO_ROOT } from '../lib/processes';
import { createUsers } from '../lib/seed';
import { sleep, summarize } from '../lib/stats';

const RAW = 'raw undici loop in its own process, same bodies and concurrency';
/** The API's default WEBHOOK_CONCURRENCY, and the raw loop's. */
const CONCURRENCY = 32;
const SECRET = 'whsec_YmVuY2htYXJrYmVuY2htYXJrYmVuY2htYXJr';
const CONNECTIONS = 20;

/** A receiver answering 200 at once; counts the requests of each round. */
async function startReceiver(): Promise<{
  server: Server;
  url: string;
  count: () => number;
  firstAt: () => number;
  reset: () => void;
}> {
  let count = 0;
  let firstAt = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (count === 0) firstAt = performance.now();
      count += 1;
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://127.0.0.1:${port}/b11`,
    count: () => count,
    firstAt: () => firstAt,
    reset: () => {
      count = 0;
      firstAt = 0;
    },
  };
}

/** A ticket's JSON as the API would send it, about 1 KB. */
function ticketBody(id: string, n: number): string {
  return JSON.stringify({
    id,
    type: 'ticket.created',
    created_at: new Date().toISOString(),
    data: {
      id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
      number: n,
      title: 'Printer on fire',
      description: 'It started after the last update and the paper tray is smoking.',
      category: 'hardware',
      type: 'incident',
      status: 'open',
      priority: null,
      user_id: '00000000-0000-4000-8000-000000000001',
      assigned_to_id: null,
      created_at: new Date().toISOString(),
      updated_at: new Date().toISOString(),
      first_response_at: null,
      resolved_at: null,
      closed_at: null,
      tags: [],
      watcher_ids: [],
      satisfaction: null,
      sla: null,
    },
  });
}

export const b11Webhooks: Workload = {
  id: 'B11',
  name: 'webhooks',
  title: `webhook deliveries/s to a local 200 receiver (${CONCURRENCY} at once) vs a raw undici loop; B2 with one endpoint`,
  usesDatabase: true,
  async run(ctx: BenchContext): Promise<ResultRow[]> {
    const events = Number(process.env.BENCH_WEBHOOK_EVENTS ?? (ctx.quick ? 1_000 : 10_000));
    const rounds = ctx.quick ? 1 : 2;
    const receiver = await startReceiver();
    const { rows: endpoints } = await ctx.sql.query<{ id: string }>(
      `INSERT INTO webhook_endpoints (url, events, secret, enabled)
       VALUES ($1, '{ticket.created}', $2, false) RETURNING id`,
      [receiver.url, SECRET],
    );
    const endpointId = endpoints[0]!.id;
    const signer = new Webhook(SECRET);
    try {
      // (1) Throughput, API and raw loop taking turns.
      const apiRates: number[] = [];
      const rawRates: number[] = [];
      await ctx.sql.query('UPDATE webhook_endpoints SET enabled = true WHERE id = $1', [
        endpointId,
      ]);
      await alternate(2, rounds, async (side) => {
        await ctx.sql.query('DELETE FROM webhook_events');
        // Queued but not due: the round starts when they all become due at once.
        const { rows: stored } = await ctx.sql.query<{ id: string; body: string }>(
          `WITH e AS (
             INSERT INTO webhook_events (id, type, body, created_at)
             SELECT id, 'ticket.created', '', now()
               FROM (SELECT gen_random_uuid() AS id FROM generate_series(1, $1)) g
             RETURNING id
           ), d AS (
             INSERT INTO webhook_deliveries (endpoint_id, event_id, next_attempt_at)
             SELECT $2, id, 'infinity' FROM e
           )
           SELECT id, '' AS body FROM e`,
          [events, endpointId],
        );
        const bodies = stored.map((event, n) => ({ id: event.id, body: ticketBody(event.id, n) }));
        await ctx.sql.query(
          `UPDATE webhook_events e SET body = b.body
             FROM unnest($1::uuid[], $2::text[]) AS b(id, body) WHERE e.id = b.id`,
          [bodies.map((b) => b.id), bodies.map((b) => b.body)],
        );
        receiver.reset();
        if (side === 0) {
          await ctx.sql.query(
            `UPDATE webhook_deliveries SET next_attempt_at = now() WHERE endpoint_id = $1`,
            [endpointId],
          );
          // From the first request the receiver sees to the last result recorded.
          for (;;) {
            const { rows } = await ctx.sql.query<{ n: number }>(
              `SELECT count(*)::int AS n FROM webhook_deliveries
                WHERE endpoint_id = $1 AND status = 'succeeded'`,
              [endpointId],
            );
            if ((rows[0]?.n ?? 0) >= events) break;
            await sleep(20);
          }
          const seconds = (performance.now() - receiver.firstAt()) / 1000;
          apiRates.push(events / seconds);
        } else {
          // The same bodies, signed up front: the loop measures sending alone.
          const signed = bodies.map(({ id, body }) => {
            const at = new Date();
            return {
              body,
              headers: {
                'content-type': 'application/json',
                'webhook-id': id,
                'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
                'webhook-signature': signer.sign(id, at, body),
              },
            };
          });
          // In a process of its own, as the API's dispatcher is.
          const jobFile = join(ctx.tmpDir, 'b11-raw-job.json');
          writeFileSync(
            jobFile,
            JSON.stringify({ url: receiver.url, concurrency: CONCURRENCY, items: signed }),
          );
          const { stdout } = await promisify(execFile)(
            process.execPath,
            [
              '-r',
              '@swc-node/register',
              join(REPO_ROOT, 'bench', 'baselines', 'webhook-raw-loop.ts'),
              jobFile,
            ],
            { cwd: REPO_ROOT, maxBuffer: 1024 * 1024 },
          );
          if (receiver.count() < events)
            throw new Error(`raw loop: ${receiver.count()} of ${events} arrived`);
          rawRates.push(events / Number(stdout.trim()));
        }
      });
      await ctx.sql.query('DELETE FROM webhook_events');
      const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
      const apiRate = mean(apiRates);
      const rawRate = mean(rawRates);

      // (2) B2's creation with the endpoint off, then on (subscribed to ticket.created).
      const [user] = await createUsers(ctx.sql, ctx.jwt, {
        prefix: 'b11-user',
        count: 1,
        role: 'user',
        rounds: ctx.bcryptRounds,
      });
      const load = {
        url: `${ctx.api.url}/api/v1/users/tickets`,
        method: 'POST' as const,
        connections: CONNECTIONS,
        headers: { authorization: `Bearer ${user!.token}` },
        body: JSON.stringify({
          title: 'Printer on fire',
          description: 'It started after the last update and the paper tray is smoking.',
          category: 'Hardware',
          type: 'Incident',
        }),
      };
      await warmUp({ ...load, duration: ctx.phases.warmup });
      const sides: HttpLoadResult[][] = [[], []];
      await alternate(2, ctx.phases.rounds, async (side) => {
        await ctx.sql.query('UPDATE webhook_endpoints SET enabled = $2 WHERE id = $1', [
          endpointId,
          side === 1,
        ]);
        sides[side]!.push(
          await httpLoad({ ...load, duration: ctx.phases.roundSeconds, keepSamples: true }),
        );
      });
      const pooled = sides.map((results) => ({
        latency: summarize(results.flatMap((result) => result.samples)),
        rps:
          results.reduce((sum, result) => sum + result.ok, 0) /
          results.reduce((sum, result) => sum + result.seconds, 0),
      }));
      const [without, withEndpoint] = pooled as [(typeof pooled)[0], (typeof pooled)[0]];
      const delivered = await ctx.sql.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM webhook_deliveries WHERE endpoint_id = $1`,
        [endpointId],
      );
      ctx.log(
        `B11: API ${apiRates.map((r) => r.toFixed(0)).join(', ')} deliveries/s, raw ${rawRates.map((r) => r.toFixed(0)).join(', ')}; ` +
          `B2 with the endpoint queued ${delivered.rows[0]?.n ?? 0} deliveries`,
      );
      return [
        row('B11', 'deliveries/s', 'req/s', apiRate, rawRate, RAW, {
          on: 'ratio',
          op: '>=',
          value: 0.6,
        }),
        row(
          'B11',
          'B2 latency p50, one endpoint',
          'ms',
          withEndpoint.latency.p50,
          without.latency.p50,
          'B2 with no endpoint',
          { on: 'ratio', op: '<=', value: 1.1 },
        ),
        row(
          'B11',
          'B2 latency p99, one endpoint',
          'ms',
          withEndpoint.latency.p99,
          without.latency.p99,
          'B2 with no endpoint',
        ),
        row(
          'B11',
          'B2 req/s, one endpoint',
          'req/s',
          withEndpoint.rps,
          without.rps,
          'B2 with no endpoint',
        ),
      ];
    } finally {
      await ctx.sql.query('DELETE FROM webhook_endpoints WHERE id = $1', [endpointId]);
      receiver.server.closeAllConnections();
      receiver.server.close();
    }
  },
};
