// B10 (SLA half): one SLA check pass that fires 100 due warnings, on a database of 10,000 tickets
// (1,000 with running clocks) and again after it grew to 1,000,000 (100,000 running, the rest
// closed). The pass is the real SlaService.check() of an in-process app on the bench database;
// the target is the pass at 1M within 2x of the pass at 10k, measured in the same run.
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '@/app.factory';
import { parseConfig } from '@/config/config';
import { SlaService } from '@/sla/sla.service';
import type { BenchContext, Workload } from '../lib/context';
import { row, ResultRow } from '../lib/report';
import { createTickets, createUsers } from '../lib/seed';

const DUE_PER_PASS = 100;
const OPEN_SHARE = 10;

/** A running first-response clock whose warning fell due two minutes ago. */
const DUE_STATE = `jsonb_build_object(
  'policy_version', $2::int,
  'first_response', jsonb_build_object(
    'run', 1, 'target_minutes', 60, 'used_minutes', 0,
    'started_at', to_char((now() - interval '50 minutes') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'resumed_at', to_char((now() - interval '50 minutes') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'due_at', to_char((now() + interval '10 minutes') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'warn_at', to_char((now() - interval '2 minutes') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'met_at', NULL, 'warned', false, 'breached', false, 'paused', false, 'stopped', false),
  'next_response', NULL, 'resolution', NULL)`;

export const b10Sla: Workload = {
  id: 'B10',
  name: 'sla-check',
  title: 'SLA check pass (100 due) at 10k tickets and at 1M tickets (100k open)',
  usesDatabase: true,
  async run(ctx: BenchContext): Promise<ResultRow[]> {
    const small = ctx.quick ? 5_000 : 10_000;
    const large = ctx.quick ? 20_000 : 1_000_000;
    // Each pass takes 100 fresh open tickets: 1 + rounds passes fit the smaller size's open ones.
    const rounds = ctx.quick ? 3 : 7;
    const [owner] = await createUsers(ctx.sql, ctx.jwt, {
      prefix: 'b10-sla-user',
      count: 1,
      role: 'user',
      rounds: ctx.bcryptRounds,
    });
    const policy = await ctx.sql.query<{ version: number }>(
      `INSERT INTO sla_policies (policy) VALUES ($1::jsonb) RETURNING version`,
      [
        JSON.stringify({
          enabled: false,
          timezone: 'UTC',
          business_hours: null,
          holidays: [],
          targets: Object.fromEntries(
            ['urgent', 'high', 'medium', 'low', 'none'].map((p) => [
              p,
              { first_response_minutes: 60, next_response_minutes: 60, resolution_minutes: 600 },
            ]),
          ),
        }),
      ],
    );
    const version = policy.rows[0]!.version;

    const app = await startApp(ctx);
    try {
      const sla = app.get(SlaService);
      const grow = async (to: number) => {
        const have = await countOwned(ctx, owner!.id);
        ctx.log(`B10: seeding tickets ${have} → ${to}`);
        await createTickets(ctx.sql, {
          count: to - have,
          owners: [owner!.id],
          assignees: [],
          secondsBack: 10 * 365 * 24 * 3600,
        });
        // Every tenth ticket stays open with a running clock due tomorrow; the rest are closed.
        await ctx.sql.query(
          `UPDATE tickets SET status = CASE WHEN number % ${OPEN_SHARE} = 0 THEN 'open' ELSE 'closed' END::ticket_status,
                  closed_at = CASE WHEN number % ${OPEN_SHARE} = 0 THEN NULL ELSE now() END,
                  sla = CASE WHEN number % ${OPEN_SHARE} = 0 THEN ${DUE_STATE} END,
                  sla_check_at = CASE WHEN number % ${OPEN_SHARE} = 0 THEN now() + interval '1 day' END
            WHERE user_id = $1 AND sla IS NULL AND status = 'open'`,
          [owner!.id, version],
        );
        await ctx.sql.query('ANALYZE tickets');
      };
      const pass = async () => {
        // 100 clocks never warned before (due tomorrow, as seeded) fall due now; a clock warned
        // already would not warn again (sla_alerts' key), which is the point.
        await ctx.sql.query(
          `UPDATE tickets SET sla = ${DUE_STATE}, sla_check_at = now() - interval '2 minutes'
            WHERE id IN (SELECT id FROM tickets
                          WHERE user_id = $1 AND sla_check_at > now() + interval '12 hours'
                          ORDER BY random() LIMIT $3)`,
          [owner!.id, version, DUE_PER_PASS],
        );
        const started = performance.now();
        const fired = await sla.check();
        const ms = performance.now() - started;
        if (fired < DUE_PER_PASS) throw new Error(`B10: a pass fired ${fired} of ${DUE_PER_PASS}`);
        return ms;
      };
      const measure = async () => {
        await pass(); // warm-up
        const times: number[] = [];
        for (let i = 0; i < rounds; i++) times.push(await pass());
        return median(times);
      };

      await grow(small);
      const atSmall = await measure();
      ctx.log(`B10: pass at ${small} tickets: ${atSmall.toFixed(1)} ms`);
      await grow(large);
      const atLarge = await measure();
      ctx.log(`B10: pass at ${large} tickets: ${atLarge.toFixed(1)} ms`);
      return [
        row(
          'B10',
          `SLA check pass firing ${DUE_PER_PASS} warnings, ${large.toLocaleString('en-US')} tickets (${(large / OPEN_SHARE).toLocaleString('en-US')} open)`,
          'ms',
          atLarge,
          atSmall,
          `the same pass at ${small.toLocaleString('en-US')} tickets`,
          ctx.quick ? undefined : { on: 'ratio', op: '<=', value: 2 },
          `median of ${rounds} passes`,
        ),
      ];
    } finally {
      await app.close();
    }
  },
};

async function countOwned(ctx: BenchContext, owner: string): Promise<number> {
  const result = await ctx.sql.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM tickets WHERE user_id = $1`,
    [owner],
  );
  return result.rows[0]?.n ?? 0;
}

/** The real app on the bench database, in this process, so the pass can be timed by itself. */
async function startApp(ctx: BenchContext): Promise<NestFastifyApplication> {
  const config = parseConfig({
    NODE_ENV: 'production',
    DATABASE_URL: ctx.db.url,
    DATA_DIR: ctx.tmpDir,
    MIGRATIONS_RUN: 'false',
    JWT_SECRET_KEY: ctx.jwt.secret,
    ALGORITHM: ctx.jwt.algorithm,
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    PORT: '0',
    // Its own timer stays out of the measurement.
    SLA_CHECK_SECONDS: '3600',
    AUTO_CLOSE_CHECK_SECONDS: '86400',
  });
  const app = await createApp(config);
  await app.listen({ port: 0, host: '127.0.0.1' });
  return app;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
