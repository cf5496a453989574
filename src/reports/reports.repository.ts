// Every SQL statement of the reports: read-only aggregates over tickets, their timeline, messages,
// SLA clock runs and alerts, ratings and the presence log, straight on the pool (poolRead).
// Counts and sums are grouped in SQL by local day or ISO week of the report's time zone; rows
// whose durations need the business calendar come back with just their timestamps.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { poolRead } from '@/common/pool-read';
import type { GroupBy } from '@/reports/report-limits';
import type { StatusChange } from '@/reports/resolution-time';
import type { SlaPolicyDocument } from '@/sla/sla-policy';
import type { ClockName } from '@/tickets/ticket-sla';
import type { Role } from '@/users/user.entity';

/** [from, to) as instants; the zone and unit the buckets are cut in. */
export interface ReportWindow {
  from: Date;
  to: Date;
  timezone: string;
  groupBy: GroupBy;
}

export type SummaryMetric = 'created' | 'resolved' | 'reopened' | 'sla' | 'csat';

/** One aggregate of one bucket: a count, and for `sla` the runs met, for `csat` the sum. */
export interface SummaryCount {
  metric: SummaryMetric;
  bucket: string;
  clock: ClockName | null;
  n: number;
  total: number | null;
}

export interface FirstResponse {
  createdAt: Date;
  respondedAt: Date;
}

export interface AgentFirstResponse extends FirstResponse {
  userId: string;
}

/** A ticket with a resolution in the window, and its status changes up to the window's end. */
export interface ResolutionHistory {
  ticketId: string;
  createdAt: Date;
  changes: StatusChange[];
  /** Per resolution event in the window: who held the ticket then, else who resolved it. */
  assignees: Map<string, string | null>;
}

export type AgentMetric = 'assigned' | 'sla_breaches' | 'csat';

export interface AgentCount {
  metric: AgentMetric;
  userId: string;
  n: number;
  total: number | null;
}

export interface StaffMember {
  id: string;
  fullName: string;
  email: string;
  role: Role;
  isActive: boolean;
}

/** The local date a timestamp's bucket starts on, as report-period.ts's bucketKey gives it. */
const bucketOf = (column: string) =>
  `to_char(date_trunc($4::text, ${column} AT TIME ZONE $3::text), 'YYYY-MM-DD')`;

const IN_WINDOW = (column: string) =>
  `${column} >= $1::timestamptz AND ${column} < $2::timestamptz`;

const RESOLVED = `e.kind = 'status_changed' AND e.data->>'to' = 'resolved'`;

interface SummaryCountRow {
  metric: SummaryMetric;
  bucket: string;
  clock: ClockName | null;
  n: number;
  total: number | null;
}

interface FirstResponseRow {
  created_at: Date;
  responded_at: Date;
}

interface AgentFirstResponseRow extends FirstResponseRow {
  user_id: string;
}

interface StatusChangeRow {
  ticket_id: string;
  ticket_created_at: Date;
  event_id: string;
  at: Date;
  from_status: string | null;
  to_status: string;
  in_window: boolean;
  assignee_id: string | null;
}

interface AgentCountRow {
  metric: AgentMetric;
  user_id: string;
  n: number;
  total: number | null;
}

interface StaffRow {
  id: string;
  full_name: string;
  email: string;
  role: Role;
  is_active: boolean;
}

interface OnlineRow {
  user_id: string;
  minutes: number;
}

function toSummaryCount(row: SummaryCountRow): SummaryCount {
  return { metric: row.metric, bucket: row.bucket, clock: row.clock, n: row.n, total: row.total };
}

function toFirstResponse(row: FirstResponseRow): FirstResponse {
  return { createdAt: row.created_at, respondedAt: row.responded_at };
}

function toAgentFirstResponse(row: AgentFirstResponseRow): AgentFirstResponse {
  return { userId: row.user_id, ...toFirstResponse(row) };
}

function toAgentCount(row: AgentCountRow): AgentCount {
  return { metric: row.metric, userId: row.user_id, n: row.n, total: row.total };
}

function toStaffMember(row: StaffRow): StaffMember {
  return {
    id: row.id,
    fullName: row.full_name,
    email: row.email,
    role: row.role,
    isActive: row.is_active,
  };
}

/** Rows ordered by ticket, then timeline: one history per ticket. */
function toResolutionHistories(rows: readonly StatusChangeRow[]): ResolutionHistory[] {
  const histories: ResolutionHistory[] = [];
  let current: ResolutionHistory | undefined;
  for (const row of rows) {
    if (current?.ticketId !== row.ticket_id) {
      current = {
        ticketId: row.ticket_id,
        createdAt: row.ticket_created_at,
        changes: [],
        assignees: new Map(),
      };
      histories.push(current);
    }
    current.changes.push({
      eventId: row.event_id,
      at: row.at,
      from: row.from_status,
      to: row.to_status,
    });
    if (row.in_window && row.to_status === 'resolved') {
      current.assignees.set(row.event_id, row.assignee_id);
    }
  }
  return histories;
}

@Injectable()
export class ReportsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private read<T extends object>(text: string, values: unknown[]): Promise<T[]> {
    return poolRead<T & Record<string, unknown>>(this.dataSource, text, values);
  }

  /** The SLA policy in force (the highest version), or null before an admin saved one. */
  async policyInForce(): Promise<SlaPolicyDocument | null> {
    const rows = await this.read<{ policy: SlaPolicyDocument }>(
      'SELECT policy FROM sla_policies ORDER BY version DESC LIMIT 1',
      [],
    );
    return rows[0]?.policy ?? null;
  }

  /**
   * Per bucket: tickets created; resolutions; reopenings (resolved → open or in progress); SLA
   * clock runs due that were met or breached (n) and of those not breached (total), per clock;
   * ratings given (n) and their sum (total).
   */
  async summaryCounts(window: ReportWindow): Promise<SummaryCount[]> {
    const rows = await this.read<SummaryCountRow>(
      `SELECT 'created' AS metric, ${bucketOf('t.created_at')} AS bucket, NULL AS clock,
              count(*)::int AS n, NULL::float8 AS total
         FROM tickets t WHERE ${IN_WINDOW('t.created_at')} GROUP BY 2
       UNION ALL
       SELECT 'resolved', ${bucketOf('e.created_at')}, NULL, count(*)::int, NULL
         FROM ticket_events e WHERE ${RESOLVED} AND ${IN_WINDOW('e.created_at')} GROUP BY 2
       UNION ALL
       SELECT 'reopened', ${bucketOf('e.created_at')}, NULL, count(*)::int, NULL
         FROM ticket_events e
        WHERE e.kind = 'status_changed' AND e.data->>'from' = 'resolved'
          AND e.data->>'to' IN ('open', 'in_progress') AND ${IN_WINDOW('e.created_at')}
        GROUP BY 2
       UNION ALL
       SELECT 'sla', ${bucketOf('r.due_at')}, r.clock, count(*)::int,
              (count(*) FILTER (WHERE NOT r.breached))::float8
         FROM sla_clock_runs r
        WHERE ${IN_WINDOW('r.due_at')} AND (r.met_at IS NOT NULL OR r.breached)
        GROUP BY 2, 3
       UNION ALL
       SELECT 'csat', ${bucketOf('g.rated_at')}, NULL, count(*)::int, sum(g.rating)::float8
         FROM ticket_ratings g WHERE ${IN_WINDOW('g.rated_at')} GROUP BY 2`,
      [window.from, window.to, window.timezone, window.groupBy],
    );
    return rows.map(toSummaryCount);
  }

  /** Tickets created in [from, to) that have had their first staff response. */
  async firstResponses(from: Date, to: Date): Promise<FirstResponse[]> {
    const rows = await this.read<FirstResponseRow>(
      `SELECT t.created_at, t.first_response_at AS responded_at
         FROM tickets t
        WHERE ${IN_WINDOW('t.created_at')} AND t.first_response_at IS NOT NULL`,
      [from, to],
    );
    return rows.map(toFirstResponse);
  }

  /**
   * Tickets created in [from, to) with a response, and who sent the first public staff message
   * (not the owner's own message as staff).
   */
  async agentFirstResponses(from: Date, to: Date): Promise<AgentFirstResponse[]> {
    const rows = await this.read<AgentFirstResponseRow>(
      `SELECT t.created_at, m.sender_id AS user_id, m.created_at AS responded_at
         FROM tickets t
        CROSS JOIN LATERAL (
          SELECT m.sender_id, m.created_at FROM ticket_messages m
           WHERE m.ticket_id = t.id AND m.sender_role <> 'user' AND m.sender_id <> t.user_id
           ORDER BY m.seq LIMIT 1
        ) m
        WHERE ${IN_WINDOW('t.created_at')} AND t.first_response_at IS NOT NULL`,
      [from, to],
    );
    return rows.map(toAgentFirstResponse);
  }

  /**
   * Every ticket resolved in [from, to), with all its status changes before `to` (a resolution's
   * time needs the earlier ones) and, for each resolution in the window, whom it is credited to:
   * the assignee then (the latest `assigned` or `unassigned` event before it), or, when nobody
   * held the ticket, whoever resolved it (only staff resolve; null for the system).
   */
  async resolutionHistories(from: Date, to: Date): Promise<ResolutionHistory[]> {
    const rows = await this.read<StatusChangeRow>(
      `WITH resolved AS (
         SELECT DISTINCT e.ticket_id FROM ticket_events e
          WHERE ${RESOLVED} AND ${IN_WINDOW('e.created_at')}
       )
       SELECT t.id AS ticket_id, t.created_at AS ticket_created_at, e.id::text AS event_id,
              e.created_at AS at, e.data->>'from' AS from_status, e.data->>'to' AS to_status,
              e.created_at >= $1::timestamptz AS in_window,
              CASE WHEN ${RESOLVED} AND e.created_at >= $1::timestamptz THEN coalesce((
                SELECT CASE WHEN a.kind = 'assigned' THEN a.data->>'to' END
                  FROM ticket_events a
                 WHERE a.ticket_id = e.ticket_id AND a.kind IN ('assigned', 'unassigned')
                   AND a.id < e.id
                 ORDER BY a.id DESC LIMIT 1
              ), e.actor_id::text) END AS assignee_id
         FROM resolved r
         JOIN tickets t ON t.id = r.ticket_id
         JOIN ticket_events e ON e.ticket_id = r.ticket_id AND e.kind = 'status_changed'
                             AND e.created_at < $2::timestamptz
        ORDER BY t.id, e.id`,
      [from, to],
    );
    return toResolutionHistories(rows);
  }

  /**
   * Per staff member in [from, to): tickets assigned to them (`assigned` events naming them),
   * SLA breaches fired while they held the ticket, ratings of tickets they held (n, sum).
   */
  async agentCounts(from: Date, to: Date): Promise<AgentCount[]> {
    const rows = await this.read<AgentCountRow>(
      `SELECT 'assigned' AS metric, e.data->>'to' AS user_id, count(*)::int AS n,
              NULL::float8 AS total
         FROM ticket_events e
        WHERE e.kind = 'assigned' AND e.data->>'to' IS NOT NULL AND ${IN_WINDOW('e.created_at')}
        GROUP BY 2
       UNION ALL
       SELECT 'sla_breaches', a.assignee_id::text, count(*)::int, NULL
         FROM sla_alerts a
        WHERE a.kind = 'breached' AND a.assignee_id IS NOT NULL AND ${IN_WINDOW('a.created_at')}
        GROUP BY 2
       UNION ALL
       SELECT 'csat', g.assignee_id::text, count(*)::int, sum(g.rating)::float8
         FROM ticket_ratings g
        WHERE g.assignee_id IS NOT NULL AND ${IN_WINDOW('g.rated_at')}
        GROUP BY 2`,
      [from, to],
    );
    return rows.map(toAgentCount);
  }

  /**
   * Minutes each staff member was online in [from, min(to, now)), from the presence log: the
   * last change before `from` says how the window began, each change lasts until the next.
   */
  async onlineMinutes(from: Date, to: Date, now: Date): Promise<Map<string, number>> {
    const rows = await this.read<OnlineRow>(
      `WITH changes AS (
         SELECT u.id AS user_id, last.presence, last.changed_at, last.id
           FROM users u
          CROSS JOIN LATERAL (
            SELECT c.id, c.presence, c.changed_at FROM agent_presence_changes c
             WHERE c.user_id = u.id AND c.changed_at < $1::timestamptz
             ORDER BY c.changed_at DESC, c.id DESC LIMIT 1
          ) last
          WHERE u.role IN ('csr', 'admin')
         UNION ALL
         SELECT c.user_id, c.presence, c.changed_at, c.id FROM agent_presence_changes c
          WHERE ${IN_WINDOW('c.changed_at')}
       ), spans AS (
         SELECT user_id, presence, greatest(changed_at, $1::timestamptz) AS since,
                least(coalesce(lead(changed_at) OVER (PARTITION BY user_id ORDER BY changed_at, id),
                               $3::timestamptz),
                      $2::timestamptz, $3::timestamptz) AS until
           FROM changes
       )
       SELECT user_id, (sum(extract(epoch FROM until - since)) / 60)::float8 AS minutes
         FROM spans
        WHERE presence = 'online' AND until > since
        GROUP BY user_id`,
      [from, to, now],
    );
    return new Map(rows.map((row) => [row.user_id, row.minutes]));
  }

  /**
   * Staff to report on: every active CSR and any other staff member among `withActivity`; or, for
   * `only`, just that one staff member. By name.
   */
  async staff(withActivity: readonly string[], only?: string): Promise<StaffMember[]> {
    const rows = await this.read<StaffRow>(
      `SELECT id, full_name, email, role, is_active FROM users
        WHERE role IN ('csr', 'admin')
          AND CASE WHEN $2::uuid IS NOT NULL THEN id = $2::uuid
                   ELSE (role = 'csr' AND is_active) OR id = ANY($1::uuid[]) END
        ORDER BY full_name, id`,
      [withActivity, only ?? null],
    );
    return rows.map(toStaffMember);
  }
}
