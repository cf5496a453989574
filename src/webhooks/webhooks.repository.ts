// Every SQL statement on webhooks: endpoints, the outbox write, the dispatchers' claims and
// results, the delivery log and its pruning. Due times are the database's clock, one for every
// instance.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { SqlParams } from '@/common/sql-params';
import {
  DeliveryStatus,
  ENDPOINT_DISABLED_EVENT,
  EXPLICIT_ONLY_EVENTS,
  WEBHOOK_WILDCARD,
} from '@/webhooks/webhook-limits';
import { WebhookAttempt, WebhookDelivery, WebhookEndpoint } from '@/webhooks/webhook.entity';

const ENDPOINT_COLUMNS =
  'id, url, events, description, enabled, secret, previous_secret, previous_secret_until, consecutive_failures, created_at, updated_at';
const DELIVERY_COLUMNS = `d.id, d.endpoint_id, d.event_id, e.type, d.status, d.attempts, d.next_attempt_at,
  d.claim, d.manual, d.last_status_code, d.last_error, d.last_duration_ms, d.created_at, d.finished_at`;

interface EndpointRow {
  id: string;
  url: string;
  events: string[];
  description: string | null;
  enabled: boolean;
  secret: string;
  previous_secret: string | null;
  previous_secret_until: Date | null;
  consecutive_failures: number;
  created_at: Date;
  updated_at: Date;
}

interface DeliveryRow {
  id: string;
  endpoint_id: string;
  event_id: string;
  type: string;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: Date | null;
  claim: string | null;
  manual: boolean;
  last_status_code: number | null;
  last_error: string | null;
  last_duration_ms: number | null;
  created_at: Date;
  finished_at: Date | null;
}

interface AttemptRow {
  id: string;
  delivery_id: string;
  attempted_at: Date;
  request_headers: Record<string, string>;
  status_code: number | null;
  response_body: string | null;
  error: string | null;
  duration_ms: number;
}

function toEndpoint(row: EndpointRow): WebhookEndpoint {
  return Object.assign(new WebhookEndpoint(), {
    id: row.id,
    url: row.url,
    events: row.events,
    description: row.description,
    enabled: row.enabled,
    secret: row.secret,
    previousSecret: row.previous_secret,
    previousSecretUntil: row.previous_secret_until,
    consecutiveFailures: row.consecutive_failures,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });
}

/** A delivery with its event's type, as the log shows it. */
export type DeliveryEntry = WebhookDelivery & { type: string };

function toDelivery(row: DeliveryRow): DeliveryEntry {
  return Object.assign(new WebhookDelivery(), {
    id: row.id,
    endpointId: row.endpoint_id,
    eventId: row.event_id,
    type: row.type,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    claim: row.claim,
    manual: row.manual,
    lastStatusCode: row.last_status_code,
    lastError: row.last_error,
    lastDurationMs: row.last_duration_ms,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  });
}

function toAttempt(row: AttemptRow): WebhookAttempt {
  return Object.assign(new WebhookAttempt(), {
    id: row.id,
    deliveryId: row.delivery_id,
    attemptedAt: row.attempted_at,
    requestHeaders: row.request_headers,
    statusCode: row.status_code,
    responseBody: row.response_body,
    error: row.error,
    durationMs: row.duration_ms,
  });
}

/** UPDATE/DELETE … RETURNING comes back as [rows, count] from the pg driver, rows alone elsewhere. */
function returned<T>(result: T[] | [T[], number]): T[] {
  const [first] = result;
  return Array.isArray(first) ? first : (result as T[]);
}

export interface NewEndpoint {
  url: string;
  events: string[];
  description: string | null;
  secret: string;
}

export interface EndpointPatch {
  url?: string;
  events?: string[];
  description?: string | null;
  enabled?: boolean;
}

/** An event as the outbox stores it: the body is final, byte for byte. */
export interface OutboxRow {
  id: string;
  type: string;
  body: string;
  createdAt: Date;
}

/** A claimed delivery with what its attempt needs. */
export interface ClaimedDelivery {
  id: string;
  claim: string;
  endpointId: string;
  eventId: string;
  attempts: number;
  url: string;
  secret: string;
  previousSecret: string | null;
  previousSecretUntil: Date | null;
  body: string;
}

/** What one attempt did, and what becomes of its delivery. */
export interface AttemptResult {
  deliveryId: string;
  claim: string;
  endpointId: string;
  attemptedAt: Date;
  requestHeaders: Record<string, string>;
  statusCode: number | null;
  responseBody: string | null;
  error: string | null;
  durationMs: number;
  /** pending (another attempt after delaySeconds), succeeded or failed. */
  status: DeliveryStatus;
  delaySeconds: number | null;
}

@Injectable()
export class WebhooksRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insertEndpoint(values: NewEndpoint): Promise<WebhookEndpoint> {
    const rows = await this.dataSource.query<EndpointRow[]>(
      `INSERT INTO webhook_endpoints (url, events, description, secret)
       VALUES ($1, $2::text[], $3, $4) RETURNING ${ENDPOINT_COLUMNS}`,
      [values.url, values.events, values.description, values.secret],
    );
    return toEndpoint(rows[0] as EndpointRow);
  }

  async findEndpoint(id: string): Promise<WebhookEndpoint | null> {
    const rows = await this.dataSource.query<EndpointRow[]>(
      `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE id = $1`,
      [id],
    );
    return rows[0] === undefined ? null : toEndpoint(rows[0]);
  }

  /** Oldest first, after (created_at, id). */
  async listEndpoints(
    limit: number,
    after: { createdAt: Date; id: string } | undefined,
  ): Promise<WebhookEndpoint[]> {
    const params = new SqlParams();
    const where =
      after === undefined
        ? ''
        : `WHERE (created_at, id) > (${params.add(after.createdAt)}::timestamptz, ${params.add(after.id)}::uuid)`;
    const rows = await this.dataSource.query<EndpointRow[]>(
      `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints ${where}
        ORDER BY created_at, id LIMIT ${params.add(limit)}`,
      params.values,
    );
    return rows.map(toEndpoint);
  }

  /** Re-enabling an endpoint forgives the failures that disabled it. */
  async updateEndpoint(id: string, patch: EndpointPatch): Promise<WebhookEndpoint | null> {
    const params = new SqlParams();
    const sets = ['updated_at = now()'];
    if (patch.url !== undefined) sets.push(`url = ${params.add(patch.url)}`);
    if (patch.events !== undefined) sets.push(`events = ${params.add(patch.events)}::text[]`);
    if (patch.description !== undefined) {
      sets.push(`description = ${params.add(patch.description)}`);
    }
    if (patch.enabled !== undefined) {
      const enabled = params.add(patch.enabled);
      sets.push(`enabled = ${enabled}::boolean`);
      sets.push(
        `consecutive_failures = CASE WHEN ${enabled}::boolean AND NOT enabled THEN 0 ELSE consecutive_failures END`,
      );
    }
    const rows = await this.dataSource.query<[EndpointRow[], number] | EndpointRow[]>(
      `UPDATE webhook_endpoints SET ${sets.join(', ')} WHERE id = ${params.add(id)}
       RETURNING ${ENDPOINT_COLUMNS}`,
      params.values,
    );
    const [row] = returned(rows);
    return row === undefined ? null : toEndpoint(row);
  }

  async deleteEndpoint(id: string): Promise<boolean> {
    const rows = await this.dataSource.query<[unknown[], number] | unknown[]>(
      `DELETE FROM webhook_endpoints WHERE id = $1 RETURNING id`,
      [id],
    );
    return returned(rows).length > 0;
  }

  /** The current secret keeps signing until `overlapUntil`; `secret` signs from now on. */
  async rotateSecret(
    id: string,
    secret: string,
    overlapUntil: Date,
  ): Promise<WebhookEndpoint | null> {
    const rows = await this.dataSource.query<[EndpointRow[], number] | EndpointRow[]>(
      `UPDATE webhook_endpoints
          SET previous_secret = secret, previous_secret_until = $3, secret = $2, updated_at = now()
        WHERE id = $1
       RETURNING ${ENDPOINT_COLUMNS}`,
      [id, secret, overlapUntil],
    );
    const [row] = returned(rows);
    return row === undefined ? null : toEndpoint(row);
  }

  /**
   * The outbox write, in the caller's transaction, one statement: each event is stored with a
   * pending delivery for every enabled endpoint that subscribes to it; an event nobody
   * subscribes to is not stored at all.
   */
  async recordEvents(manager: EntityManager, events: readonly OutboxRow[]): Promise<number> {
    if (events.length === 0) return 0;
    const rows = await manager.query<{ count: number }[]>(
      `WITH input AS (
         SELECT * FROM unnest($1::uuid[], $2::varchar[], $3::text[], $4::timestamptz[])
           AS i(id, type, body, created_at)
       ), targets AS (
         SELECT i.id AS event_id, w.id AS endpoint_id
           FROM input i
           JOIN webhook_endpoints w
             ON w.enabled
            AND (i.type = ANY(w.events) OR ($5 = ANY(w.events) AND NOT i.type = ANY($6::text[])))
       ), stored AS (
         INSERT INTO webhook_events (id, type, body, created_at)
         SELECT i.id, i.type, i.body, i.created_at FROM input i
          WHERE EXISTS (SELECT 1 FROM targets t WHERE t.event_id = i.id)
       ), queued AS (
         INSERT INTO webhook_deliveries (endpoint_id, event_id, next_attempt_at)
         SELECT endpoint_id, event_id, now() FROM targets
         RETURNING 1
       )
       SELECT count(*)::int AS count FROM queued`,
      [
        events.map((event) => event.id),
        events.map((event) => event.type),
        events.map((event) => event.body),
        events.map((event) => event.createdAt),
        WEBHOOK_WILDCARD,
        EXPLICIT_ONLY_EVENTS,
      ],
    );
    return rows[0]?.count ?? 0;
  }

  /** An event for one endpoint whatever it subscribes to (the test ping), due now. */
  async recordFor(endpointId: string, event: OutboxRow): Promise<DeliveryEntry> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO webhook_events (id, type, body, created_at) VALUES ($1, $2, $3, $4)`,
        [event.id, event.type, event.body, event.createdAt],
      );
      const rows = await manager.query<DeliveryRow[]>(
        `WITH d AS (
           INSERT INTO webhook_deliveries (endpoint_id, event_id, next_attempt_at, manual)
           VALUES ($1, $2, now(), true) RETURNING *
         )
         SELECT ${DELIVERY_COLUMNS} FROM d JOIN webhook_events e ON e.id = d.event_id`,
        [endpointId, event.id],
      );
      return toDelivery(rows[0] as DeliveryRow);
    });
  }

  /**
   * Claims up to `limit` due deliveries for one attempt each: attempts goes up and the row is
   * leased until `leaseSeconds` from now. SKIP LOCKED lets every instance claim at once without
   * two claiming one row; the lease makes a dead instance's claims due again.
   */
  async claimDue(limit: number, leaseSeconds: number, claim: string): Promise<ClaimedDelivery[]> {
    const rows = await this.dataSource.query<
      {
        id: string;
        endpoint_id: string;
        event_id: string;
        attempts: number;
        url: string;
        secret: string;
        previous_secret: string | null;
        previous_secret_until: Date | null;
        body: string;
      }[]
    >(
      `WITH due AS (
         SELECT d.id FROM webhook_deliveries d
           JOIN webhook_endpoints w ON w.id = d.endpoint_id
          WHERE d.status = 'pending' AND d.next_attempt_at <= now() AND (w.enabled OR d.manual)
          ORDER BY d.next_attempt_at
          LIMIT $1
            FOR UPDATE OF d SKIP LOCKED
       ), claimed AS (
         UPDATE webhook_deliveries d
            SET attempts = d.attempts + 1, claim = $3,
                next_attempt_at = now() + make_interval(secs => $2)
           FROM due WHERE d.id = due.id
         RETURNING d.id, d.endpoint_id, d.event_id, d.attempts
       )
       SELECT c.id, c.endpoint_id, c.event_id, c.attempts, w.url, w.secret, w.previous_secret,
              w.previous_secret_until, e.body
         FROM claimed c
         JOIN webhook_endpoints w ON w.id = c.endpoint_id
         JOIN webhook_events e ON e.id = c.event_id`,
      [limit, leaseSeconds, claim],
    );
    return rows.map((row) => ({
      id: row.id,
      claim,
      endpointId: row.endpoint_id,
      eventId: row.event_id,
      attempts: row.attempts,
      url: row.url,
      secret: row.secret,
      previousSecret: row.previous_secret,
      previousSecretUntil: row.previous_secret_until,
      body: row.body,
    }));
  }

  /** Hands back claims never attempted (a shutdown): due now, for any instance. */
  async release(deliveries: readonly ClaimedDelivery[]): Promise<void> {
    if (deliveries.length === 0) return;
    await this.dataSource.query(
      `UPDATE webhook_deliveries d
          SET next_attempt_at = now(), claim = NULL, attempts = d.attempts - 1
         FROM unnest($1::uuid[], $2::uuid[]) AS r(id, claim)
        WHERE d.id = r.id AND d.claim = r.claim`,
      [deliveries.map((d) => d.id), deliveries.map((d) => d.claim)],
    );
  }

  /**
   * Records attempts and what becomes of their deliveries: each delivery still held by its claim
   * (one an admin retried meanwhile has moved on) with its attempt's log row, and endpoints' runs
   * of failed deliveries, disabling those that reach `disableAfter` with their log entry (a
   * finished row that was never sent). Returns the ids of endpoints this call disabled.
   *
   * A batch of successes is one statement (and one more if it ends a run of failures). A batch
   * with failures locks its endpoints first, as deleting one locks it before its deliveries, so
   * the two never wait on each other in a circle.
   */
  async complete(
    results: readonly AttemptResult[],
    disableAfter: number,
    disabledEntry: (endpointId: string) => { event: OutboxRow; reason: string },
  ): Promise<string[]> {
    if (results.length === 0) return [];
    const runs = failureRuns(results);
    const touchesEndpoints = runs.some((run) => run.failed > 0);
    const write = async (manager: EntityManager): Promise<string[]> => {
      let disabled: string[] = [];
      if (touchesEndpoints) {
        runs.sort((a, b) => (a.endpointId < b.endpointId ? -1 : 1));
        // Only rows whose count changes are locked; crossing the threshold is what disables.
        const counted = returned(
          await manager.query<
            [{ id: string; crossed: boolean }[], number] | { id: string; crossed: boolean }[]
          >(
            `UPDATE webhook_endpoints w
                SET consecutive_failures = CASE WHEN u.reset THEN u.failed
                                                ELSE w.consecutive_failures + u.failed END,
                    enabled = w.enabled AND CASE WHEN u.reset THEN u.failed
                                                 ELSE w.consecutive_failures + u.failed END < $4
               FROM unnest($1::uuid[], $2::bool[], $3::int[]) AS u(id, reset, failed)
              WHERE w.id = u.id AND (u.failed > 0 OR w.consecutive_failures <> 0)
             RETURNING w.id,
                       w.enabled = false AND w.consecutive_failures >= $4
                         AND (u.reset OR w.consecutive_failures - u.failed < $4) AS crossed`,
            [
              runs.map((run) => run.endpointId),
              runs.map((run) => run.reset),
              runs.map((run) => run.failed),
              disableAfter,
            ],
          ),
        );
        disabled = counted.filter((row) => row.crossed).map((row) => row.id);
      }
      await manager.query(
        `WITH r AS (
           SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::varchar[], $4::float8[], $5::int[],
                                $6::varchar[], $7::int[], $8::timestamptz[], $9::jsonb[], $10::text[])
             AS r(id, claim, status, delay, status_code, error, duration_ms, attempted_at,
                  request_headers, response_body)
         ), updated AS (
           UPDATE webhook_deliveries d
              SET status = r.status, claim = NULL, manual = false,
                  next_attempt_at = CASE WHEN r.status = 'pending'
                                         THEN now() + make_interval(secs => r.delay) END,
                  finished_at = CASE WHEN r.status = 'pending' THEN NULL ELSE now() END,
                  last_status_code = r.status_code, last_error = r.error,
                  last_duration_ms = r.duration_ms
             FROM r
            WHERE d.id = r.id AND d.claim = r.claim
           RETURNING d.id
         )
         INSERT INTO webhook_attempts
           (delivery_id, attempted_at, request_headers, status_code, response_body, error, duration_ms)
         SELECT r.id, r.attempted_at, r.request_headers, r.status_code, r.response_body, r.error,
                r.duration_ms
           FROM r JOIN updated USING (id)`,
        [
          results.map((r) => r.deliveryId),
          results.map((r) => r.claim),
          results.map((r) => r.status),
          results.map((r) => r.delaySeconds),
          results.map((r) => r.statusCode),
          results.map((r) => r.error),
          results.map((r) => r.durationMs),
          results.map((r) => r.attemptedAt),
          results.map((r) => JSON.stringify(r.requestHeaders)),
          results.map((r) => r.responseBody),
        ],
      );
      for (const id of disabled) {
        const { event, reason } = disabledEntry(id);
        await manager.query(
          `INSERT INTO webhook_events (id, type, body, created_at) VALUES ($1, $2, $3, $4)`,
          [event.id, ENDPOINT_DISABLED_EVENT, event.body, event.createdAt],
        );
        await manager.query(
          `INSERT INTO webhook_deliveries (endpoint_id, event_id, status, last_error, finished_at)
           VALUES ($1, $2, 'failed', $3, now())`,
          [id, event.id, reason],
        );
      }
      return disabled;
    };
    if (touchesEndpoints) return this.dataSource.transaction(write);
    await write(this.dataSource.manager);
    // Successes only: a run of failures behind them ends. Idempotent, and it locks nothing
    // when there was none, so it may follow on its own.
    const ended = runs.filter((run) => run.reset).map((run) => run.endpointId);
    if (ended.length > 0) {
      await this.dataSource.query(
        `UPDATE webhook_endpoints SET consecutive_failures = 0
          WHERE id = ANY($1::uuid[]) AND consecutive_failures <> 0`,
        [ended],
      );
    }
    return [];
  }

  /** An endpoint's log, newest first, after (created_at, id). */
  async listDeliveries(
    endpointId: string,
    status: DeliveryStatus | undefined,
    limit: number,
    after: { createdAt: Date; id: string } | undefined,
  ): Promise<DeliveryEntry[]> {
    const params = new SqlParams();
    const where = [`d.endpoint_id = ${params.add(endpointId)}`];
    if (status !== undefined) where.push(`d.status = ${params.add(status)}`);
    if (after !== undefined) {
      where.push(
        `(d.created_at, d.id) < (${params.add(after.createdAt)}::timestamptz, ${params.add(after.id)}::uuid)`,
      );
    }
    const rows = await this.dataSource.query<DeliveryRow[]>(
      `SELECT ${DELIVERY_COLUMNS}
         FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
        WHERE ${where.join(' AND ')}
        ORDER BY d.created_at DESC, d.id DESC
        LIMIT ${params.add(limit)}`,
      params.values,
    );
    return rows.map(toDelivery);
  }

  async findDelivery(endpointId: string, id: string): Promise<DeliveryEntry | null> {
    const rows = await this.dataSource.query<DeliveryRow[]>(
      `SELECT ${DELIVERY_COLUMNS}
         FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
        WHERE d.endpoint_id = $1 AND d.id = $2`,
      [endpointId, id],
    );
    return rows[0] === undefined ? null : toDelivery(rows[0]);
  }

  async eventBody(eventId: string): Promise<string> {
    const rows = await this.dataSource.query<{ body: string }[]>(
      `SELECT body FROM webhook_events WHERE id = $1`,
      [eventId],
    );
    return rows[0]?.body ?? '{}';
  }

  async attemptsOf(deliveryId: string): Promise<WebhookAttempt[]> {
    const rows = await this.dataSource.query<AttemptRow[]>(
      `SELECT id, delivery_id, attempted_at, request_headers, status_code, response_body, error,
              duration_ms
         FROM webhook_attempts WHERE delivery_id = $1 ORDER BY id`,
      [deliveryId],
    );
    return rows.map(toAttempt);
  }

  /**
   * Makes the delivery due now, whatever its state, for an attempt even if the endpoint is
   * disabled; an attempt in flight loses its claim, so only the new one's result counts.
   * The log's own entries (an endpoint disabled) are not deliveries and cannot be retried.
   */
  async retry(endpointId: string, id: string): Promise<DeliveryEntry | null> {
    const rows = await this.dataSource.query<[DeliveryRow[], number] | DeliveryRow[]>(
      `WITH d AS (
         UPDATE webhook_deliveries d
            SET status = 'pending', next_attempt_at = now(), claim = NULL, manual = true,
                finished_at = NULL
           FROM webhook_events e
          WHERE d.endpoint_id = $1 AND d.id = $2 AND e.id = d.event_id AND e.type <> $3
         RETURNING d.*
       )
       SELECT ${DELIVERY_COLUMNS} FROM d JOIN webhook_events e ON e.id = d.event_id`,
      [endpointId, id, ENDPOINT_DISABLED_EVENT],
    );
    const [row] = returned(rows);
    return row === undefined ? null : toDelivery(row);
  }

  /** Deletes up to `limit` deliveries finished before `before`, then events left with none. */
  async prune(before: Date, limit: number): Promise<number> {
    const deleted = returned(
      await this.dataSource.query<[{ event_id: string }[], number] | { event_id: string }[]>(
        `DELETE FROM webhook_deliveries
          WHERE id IN (SELECT id FROM webhook_deliveries
                        WHERE status <> 'pending' AND finished_at < $1 LIMIT $2)
         RETURNING event_id`,
        [before, limit],
      ),
    );
    if (deleted.length === 0) return 0;
    await this.dataSource.query(
      `DELETE FROM webhook_events e
        WHERE e.id = ANY($1::uuid[])
          AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = e.id)`,
      [[...new Set(deleted.map((row) => row.event_id))]],
    );
    return deleted.length;
  }
}

/**
 * Per endpoint, what these results do to its run of failed deliveries, in order: a success
 * starts the run again from zero; only finished deliveries count (a retry to come is neither).
 */
export function failureRuns(
  results: readonly AttemptResult[],
): { endpointId: string; reset: boolean; failed: number }[] {
  const runs = new Map<string, { endpointId: string; reset: boolean; failed: number }>();
  for (const result of results) {
    if (result.status === 'pending') continue;
    const run = runs.get(result.endpointId) ?? {
      endpointId: result.endpointId,
      reset: false,
      failed: 0,
    };
    if (result.status === 'succeeded') {
      run.reset = true;
      run.failed = 0;
    } else {
      run.failed += 1;
    }
    runs.set(result.endpointId, run);
  }
  return [...runs.values()];
}
