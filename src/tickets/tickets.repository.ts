// Every SQL statement the tickets module sends. Statements are fixed text; values only ever
// travel as parameters, and sort orders come from a whitelist map, never from the query string.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { poolRead } from '@/common/pool-read';
import { SqlParams } from '@/common/sql-params';
import type { AssignmentCandidate, AssignmentReason } from '@/tickets/assignment';
import type { TransitionEffects } from '@/tickets/ticket-status';
import { CursorPosition, ParsedSort, parseSort, TicketSort } from '@/tickets/ticket-sort';
import type { SlaColumns, SlaFilter, SlaState } from '@/tickets/ticket-sla';
import { TicketEvent, TicketEventKind } from '@/tickets/ticket-event.entity';
import {
  SatisfactionSnapshot,
  Ticket,
  TicketPriority,
  TicketStatus,
} from '@/tickets/ticket.entity';

export interface NewTicket {
  title: string;
  description: string;
  category: string;
  type: string;
  userId: string;
  assignedToId: string | null;
}

export interface TicketPatch extends TransitionEffects {
  status?: TicketStatus;
  priority?: TicketPriority;
  assignedToId?: string;
  /** Normalised (see ticket-tags.ts). */
  tags?: string[];
}

export interface NewTicketEvent {
  actorId: string | null;
  kind: TicketEventKind;
  data: Record<string, unknown>;
}

export interface Assignment {
  ticketId: string;
  assigneeId: string;
}

/** What routing needs to know of a queued ticket. */
export interface QueuedTicketRow {
  id: string;
  category: string;
  priority: TicketPriority | null;
  createdAt: Date;
}

/** A ticket taken from its assignee, and who that was. */
export interface Unassigned {
  ticket: Ticket;
  previousAssigneeId: string;
}

/** The ticket's latest resolution (its `status_changed` → resolved event) and how it was left. */
export interface ResolutionRow {
  eventId: string;
  resolvedAt: Date;
  /** The status the latest status change came from (resolved, when a closed ticket was closed from it). */
  lastChangeFrom: string | null;
}

export interface TicketFilter {
  userId?: string;
  statuses?: TicketStatus[];
  priorities?: TicketPriority[];
  category?: string;
  type?: string;
  q?: string;
  /** Tickets having every one of these (normalised) tags. */
  tags?: string[];
  unassigned?: boolean;
  assigneeId?: string;
  /** at_risk: a clock warned, not met, not breached; breached: a clock's current run broke. */
  sla?: SlaFilter;
}

export interface PageRequest {
  limit: number;
  sort: TicketSort;
  /** Offset mode (with a total) unless `after` is given. */
  offset: number;
  after?: CursorPosition;
}

export interface TicketRows {
  tickets: Ticket[];
  /** Where the last ticket sits in the sort, to continue after it. */
  last: CursorPosition | null;
  hasMore: boolean;
  total: number | null;
}

interface TicketRow {
  id: string;
  number: string;
  title: string;
  description: string;
  category: string;
  type: string;
  status: TicketStatus;
  priority: TicketPriority | null;
  user_id: string;
  assigned_to_id: string | null;
  created_at: Date;
  updated_at: Date;
  first_response_at: Date | null;
  resolved_at: Date | null;
  closed_at: Date | null;
  tags: string[];
  watcher_ids: string[];
  satisfaction: SatisfactionSnapshot | null;
  sla: SlaState | null;
}

interface TicketEventRow {
  id: string;
  ticket_id: string;
  actor_id: string | null;
  kind: TicketEventKind;
  data: Record<string, unknown>;
  created_at: Date;
}

const COLUMNS = `t.id, t.number, t.title, t.description, t.category, t.type, t.status,
  t.priority, t.user_id, t.assigned_to_id, t.created_at, t.updated_at, t.first_response_at,
  t.resolved_at, t.closed_at, t.tags, t.watcher_ids, t.satisfaction, t.sla`;

// Timestamps travel in cursors as text with all six fractional digits (see CursorPosition).
const utcText = (column: string) =>
  `to_char(t.${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

interface SortColumn {
  column: string;
  /** The cast that turns a cursor's text back into the column's type. */
  type: string;
  /**
   * Where unset values sort ascending, for the nullable columns: an unset priority below low
   * (first), a ticket without an SLA due time after all that have one (last).
   */
  nulls: 'first' | 'last' | null;
  text: string;
  /** A column COLUMNS leaves out (the outer query of a page orders by it). */
  extra?: boolean;
}

const SORT_COLUMNS: Record<Exclude<ParsedSort['key'], 'queue'>, SortColumn> = {
  created_at: {
    column: 'created_at',
    type: 'timestamptz',
    nulls: null,
    text: utcText('created_at'),
  },
  updated_at: {
    column: 'updated_at',
    type: 'timestamptz',
    nulls: null,
    text: utcText('updated_at'),
  },
  sla_due: {
    column: 'sla_due_at',
    type: 'timestamptz',
    nulls: 'last',
    text: utcText('sla_due_at'),
    extra: true,
  },
  priority: { column: 'priority', type: 'ticket_priority', nulls: 'first', text: 't.priority' },
  status: { column: 'status', type: 'ticket_status', nulls: null, text: 't.status' },
  number: { column: 'number', type: 'bigint', nulls: null, text: 't.number::text' },
};

/**
 * The queue's priority rank: urgent 0 … low 3, none 4. The same expression as tickets_queue_idx
 * (its migration), so the queue is read in index order.
 */
const QUEUE_RANK_SQL = `(CASE t.priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 WHEN 'low' THEN 3 ELSE 4 END)`;
const QUEUED_SQL = `t.assigned_to_id IS NULL AND t.status IN ('open', 'in_progress')`;
/** Sorts as text (C collation) in queue order: the rank is one digit, the timestamp fixed-width. */
const QUEUE_SORT_TEXT = `(${QUEUE_RANK_SQL}::text || '|' || ${utcText('created_at')})`;

@Injectable()
export class TicketsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async findById(id: string): Promise<Ticket | null> {
    const rows = await this.dataSource.query<TicketRow[]>(
      `SELECT ${COLUMNS} FROM tickets t WHERE t.id = $1`,
      [id],
    );
    return rows[0] === undefined ? null : toTicket(rows[0]);
  }

  /** The tickets among these ids that exist, in no particular order. */
  async findByIds(ids: readonly string[]): Promise<Ticket[]> {
    if (ids.length === 0) return [];
    const rows = await poolRead<TicketRow>(
      this.dataSource,
      `SELECT ${COLUMNS} FROM tickets t WHERE t.id = ANY($1::uuid[])`,
      [ids],
    );
    return rows.map(toTicket);
  }

  /** Reads a ticket and holds its row until the transaction ends, so changes serialise. */
  async lockById(manager: EntityManager, id: string): Promise<Ticket | null> {
    const rows = await manager.query<TicketRow[]>(
      `SELECT ${COLUMNS} FROM tickets t WHERE t.id = $1 FOR UPDATE`,
      [id],
    );
    return rows[0] === undefined ? null : toTicket(rows[0]);
  }

  /** Locks several tickets in id order (one order for every caller, so two never deadlock). */
  async lockByIds(manager: EntityManager, ids: readonly string[]): Promise<Ticket[]> {
    const rows = await manager.query<TicketRow[]>(
      `SELECT ${COLUMNS} FROM tickets t WHERE t.id = ANY($1::uuid[]) ORDER BY t.id FOR UPDATE`,
      [ids],
    );
    return rows.map(toTicket);
  }

  async insert(manager: EntityManager, ticket: NewTicket): Promise<Ticket> {
    const rows = await manager.query<TicketRow[]>(
      `INSERT INTO tickets AS t (title, description, category, type, user_id, assigned_to_id)
       VALUES ($1, $2, $3, $4, $5, $6)
       RETURNING ${COLUMNS}`,
      [
        ticket.title,
        ticket.description,
        ticket.category,
        ticket.type,
        ticket.userId,
        ticket.assignedToId,
      ],
    );
    return toTicket(rows[0]!);
  }

  async update(manager: EntityManager, id: string, patch: TicketPatch): Promise<Ticket> {
    const params = new SqlParams();
    const sets = ['updated_at = now()'];
    if (patch.status !== undefined) sets.push(`status = ${params.add(patch.status)}`);
    if (patch.priority !== undefined) sets.push(`priority = ${params.add(patch.priority)}`);
    if (patch.assignedToId !== undefined) {
      sets.push(`assigned_to_id = ${params.add(patch.assignedToId)}`);
    }
    if (patch.tags !== undefined) sets.push(`tags = ${params.add(patch.tags)}::varchar[]`);
    if (patch.resolvedAt !== undefined) {
      sets.push(patch.resolvedAt === null ? 'resolved_at = NULL' : 'resolved_at = now()');
    }
    if (patch.closedAt !== undefined) sets.push('closed_at = now()');
    const rows = await manager.query<[TicketRow[], number]>(
      `UPDATE tickets t SET ${sets.join(', ')} WHERE t.id = ${params.add(id)} RETURNING ${COLUMNS}`,
      params.values,
    );
    return toTicket(rows[0][0]!);
  }

  /**
   * Adds staff to the ticket's watchers, kept sorted and distinct. Returns the ticket when the
   * list changed, null when every one of them was watching already.
   */
  async addWatchers(
    manager: EntityManager,
    id: string,
    userIds: readonly string[],
  ): Promise<Ticket | null> {
    const rows = await manager.query<[TicketRow[], number]>(
      `UPDATE tickets t
          SET watcher_ids = ARRAY(
                SELECT DISTINCT w FROM unnest(t.watcher_ids || $2::uuid[]) AS w ORDER BY w),
              updated_at = now()
        WHERE t.id = $1 AND NOT t.watcher_ids @> $2::uuid[]
        RETURNING ${COLUMNS}`,
      [id, userIds],
    );
    const row = rows[0][0];
    return row === undefined ? null : toTicket(row);
  }

  /** The first reply by staff; later ones leave it as it is. */
  async markFirstResponses(manager: EntityManager, ticketIds: readonly string[]): Promise<void> {
    if (ticketIds.length === 0) return;
    await manager.query(
      `UPDATE tickets SET first_response_at = now()
        WHERE id = ANY($1::uuid[]) AND first_response_at IS NULL`,
      [ticketIds],
    );
  }

  /**
   * Gives every ticket of one user to another, locking them in id order first (the order the chat
   * writer locks in, so the two never deadlock), and their timeline entries' actor with them.
   */
  async moveOwner(manager: EntityManager, fromUserId: string, toUserId: string): Promise<Ticket[]> {
    const rows = await manager.query<[TicketRow[], number]>(
      `WITH locked AS (SELECT id FROM tickets WHERE user_id = $1 ORDER BY id FOR UPDATE)
       UPDATE tickets t SET user_id = $2, updated_at = now()
         FROM locked WHERE t.id = locked.id
       RETURNING ${COLUMNS}`,
      [fromUserId, toUserId],
    );
    await manager.query(`UPDATE ticket_events SET actor_id = $2 WHERE actor_id = $1`, [
      fromUserId,
      toUserId,
    ]);
    return rows[0].map(toTicket);
  }

  /** Appends to the timeline in the given order (the identity id keeps it). */
  async insertEvents(
    manager: EntityManager,
    ticketId: string,
    events: readonly NewTicketEvent[],
  ): Promise<void> {
    await this.insertEventsOf(
      manager,
      events.map((event) => ({ ...event, ticketId })),
    );
  }

  /** Appends events of several tickets, in the given order, in one statement. */
  async insertEventsOf(
    manager: EntityManager,
    events: readonly (NewTicketEvent & { ticketId: string })[],
  ): Promise<void> {
    if (events.length === 0) return;
    const params = new SqlParams();
    const rows = events.map(
      (event) =>
        `(${params.add(event.ticketId)}::uuid, ${params.add(event.actorId)}::uuid, ${params.add(event.kind)}, ${params.add(JSON.stringify(event.data))}::jsonb)`,
    );
    await manager.query(
      `INSERT INTO ticket_events (ticket_id, actor_id, kind, data) VALUES ${rows.join(', ')}`,
      params.values,
    );
  }

  async listEvents(ticketId: string): Promise<TicketEvent[]> {
    const rows = await this.dataSource.query<TicketEventRow[]>(
      `SELECT id, ticket_id, actor_id, kind, data, created_at
         FROM ticket_events WHERE ticket_id = $1 ORDER BY id`,
      [ticketId],
    );
    return rows.map(toTicketEvent);
  }

  /**
   * The latest `status_changed` to resolved, with where the latest status change of all came
   * from; null when the ticket was never resolved. Both read ticket_events_ticket_id_idx backwards.
   */
  async latestResolution(manager: EntityManager, ticketId: string): Promise<ResolutionRow | null> {
    const rows = await manager.query<
      { id: string; created_at: Date; last_change_from: string | null }[]
    >(
      `SELECT r.id, r.created_at,
              (SELECT e.data->>'from' FROM ticket_events e
                WHERE e.ticket_id = $1 AND e.kind = 'status_changed'
                ORDER BY e.id DESC LIMIT 1) AS last_change_from
         FROM ticket_events r
        WHERE r.ticket_id = $1 AND r.kind = 'status_changed' AND r.data->>'to' = 'resolved'
        ORDER BY r.id DESC
        LIMIT 1`,
      [ticketId],
    );
    const row = rows[0];
    return row === undefined
      ? null
      : { eventId: row.id, resolvedAt: row.created_at, lastChangeFrom: row.last_change_from };
  }

  /** Stores the copy of the ticket's latest rating (the satisfaction module owns the ratings). */
  async setSatisfaction(
    manager: EntityManager,
    id: string,
    snapshot: SatisfactionSnapshot,
  ): Promise<Ticket> {
    const rows = await manager.query<[TicketRow[], number]>(
      `UPDATE tickets t SET satisfaction = $2::jsonb, updated_at = now() WHERE t.id = $1
       RETURNING ${COLUMNS}`,
      [id, JSON.stringify(snapshot)],
    );
    return toTicket(rows[0][0]!);
  }

  /** Stores the ticket's SLA clocks and the columns derived from them. */
  async setSla(manager: EntityManager, id: string, columns: SlaColumns): Promise<Ticket> {
    return (await this.setSlaMany(manager, [{ id, columns }]))[0]!;
  }

  /** The same for several tickets, in one statement (the SLA check job's batch). */
  async setSlaMany(
    manager: EntityManager,
    updates: readonly { id: string; columns: SlaColumns }[],
  ): Promise<Ticket[]> {
    if (updates.length === 0) return [];
    const rows = await manager.query<[TicketRow[], number]>(
      `UPDATE tickets t
          SET sla = u.sla, sla_due_at = u.due_at, sla_check_at = u.check_at,
              sla_at_risk = u.at_risk, sla_breached = u.breached, updated_at = now()
         FROM unnest($1::uuid[], $2::jsonb[], $3::timestamptz[], $4::timestamptz[], $5::bool[],
                     $6::bool[]) AS u(id, sla, due_at, check_at, at_risk, breached)
        WHERE t.id = u.id
       RETURNING ${COLUMNS}`,
      [
        updates.map((u) => u.id),
        updates.map((u) => JSON.stringify(u.columns.sla)),
        updates.map((u) => u.columns.dueAt),
        updates.map((u) => u.columns.checkAt),
        updates.map((u) => u.columns.atRisk),
        updates.map((u) => u.columns.breached),
      ],
    );
    return rows[0].map(toTicket);
  }

  /**
   * Locks up to `limit` tickets with a warning or breach due by `now`, soonest first, through
   * tickets_sla_check_at_idx (only tickets with a running clock are in it). SKIP LOCKED: a
   * ticket another instance is checking, or someone is changing, waits for the next pass.
   */
  async lockSlaDue(manager: EntityManager, now: Date, limit: number): Promise<Ticket[]> {
    const rows = await manager.query<TicketRow[]>(
      `SELECT ${COLUMNS} FROM tickets t
        WHERE t.sla_check_at <= $1
        ORDER BY t.sla_check_at
        LIMIT $2
          FOR UPDATE SKIP LOCKED`,
      [now, limit],
    );
    return rows.map(toTicket);
  }

  /**
   * One page in one statement. Offset mode counts the filtered set beside the page; keyset mode
   * seeks past the cursor's (value, id) through the sort's index, so depth costs nothing.
   * One row more than asked tells whether another page follows.
   */
  async page(filter: TicketFilter, page: PageRequest): Promise<TicketRows> {
    const params = new SqlParams();
    const where = this.where(filter, params);
    const { key, descending } = parseSort(page.sort);
    const sort = key === 'queue' ? null : SORT_COLUMNS[key];
    const orderBy = (alias: string) =>
      sort !== null
        ? order(sort, descending, alias)
        : alias === 't'
          ? `${QUEUE_RANK_SQL}, t.created_at, t.id`
          : `${alias}.sort_value COLLATE "C", ${alias}.id`;
    const extra = sort?.extra === true ? `, t.${sort.column}` : '';
    const select = `SELECT ${COLUMNS}${extra}, ${sort?.text ?? QUEUE_SORT_TEXT} AS sort_value FROM tickets t`;
    let rows: (TicketRow & { sort_value: string | null; total?: number })[];
    if (page.after !== undefined) {
      const limit = params.add(page.limit + 1);
      const after = page.after;
      const ranges = (
        sort === null
          ? [queueAfter(after, params)]
          : this.rangesAfter(sort, descending, after, params)
      ).map(
        (range) => `${select} WHERE ${where} AND ${range} ORDER BY ${orderBy('t')} LIMIT ${limit}`,
      );
      rows = await poolRead(
        this.dataSource,
        ranges.length === 1
          ? ranges[0]!
          : `SELECT * FROM (${ranges.map((range) => `(${range})`).join(' UNION ALL ')}) page
              ORDER BY ${orderBy('page')} LIMIT ${limit}`,
        params.values,
      );
    } else {
      // LEFT JOIN: the count row survives an offset past the end.
      rows = await poolRead(
        this.dataSource,
        `SELECT c.total, p.*
           FROM (SELECT count(*)::int AS total FROM tickets t WHERE ${where}) c
           LEFT JOIN LATERAL (
             ${select} WHERE ${where} ORDER BY ${orderBy('t')}
             LIMIT ${params.add(page.limit + 1)} OFFSET ${params.add(page.offset)}
           ) p ON true
          ORDER BY ${orderBy('p')}`,
        params.values,
      );
    }
    const total = page.after === undefined ? (rows[0]?.total ?? 0) : null;
    const found = rows.filter((row) => row.id !== null);
    const hasMore = found.length > page.limit;
    const shown = found.slice(0, page.limit);
    const lastRow = shown[shown.length - 1];
    return {
      tickets: shown.map(toTicket),
      last: lastRow === undefined ? null : { value: lastRow.sort_value, id: lastRow.id },
      hasMore,
      total,
    };
  }

  /** Takes the round-robin position and holds it until the ticket-creating transaction ends. */
  async lockAssignmentCursor(manager: EntityManager): Promise<string | null> {
    const rows = await manager.query<{ last_assignee_id: string | null }[]>(
      `SELECT last_assignee_id FROM assignment_cursor WHERE id = 1 FOR UPDATE`,
    );
    return rows[0]?.last_assignee_id ?? null;
  }

  async moveAssignmentCursor(manager: EntityManager, assigneeId: string): Promise<void> {
    await manager.query(
      `INSERT INTO assignment_cursor (id, last_assignee_id) VALUES (1, $1)
       ON CONFLICT (id) DO UPDATE SET last_assignee_id = EXCLUDED.last_assignee_id`,
      [assigneeId],
    );
  }

  /**
   * Active CSRs in cycle order, plus the last assignee whatever became of them, so the cycle
   * can continue from their place. The load count is paid for only when asked.
   */
  async assignmentCandidates(
    manager: EntityManager,
    lastAssigneeId: string | null,
    withLoad: boolean,
  ): Promise<AssignmentCandidate[]> {
    const load = withLoad
      ? `(SELECT count(*)::int FROM tickets t
           WHERE t.assigned_to_id = u.id AND t.status IN ('open', 'in_progress'))`
      : '0';
    return manager.query<AssignmentCandidate[]>(
      `SELECT u.id, (u.role = 'csr' AND u.is_active) AS eligible, ${load} AS load
         FROM users u
        WHERE (u.role = 'csr' AND u.is_active) OR u.id = $1::uuid
        ORDER BY u.created_at, u.id`,
      [lastAssigneeId],
    );
  }

  /** Whether the user is an active CSR; the share lock keeps them so until the transaction ends. */
  async isActiveCsr(manager: EntityManager, userId: string): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      `SELECT 1 FROM users WHERE id = $1 AND role = 'csr' AND is_active FOR SHARE`,
      [userId],
    );
    return rows.length > 0;
  }

  /** Tickets open or in progress held by each of the users (0 for none). */
  async loads(manager: EntityManager, userIds: readonly string[]): Promise<Map<string, number>> {
    const rows = await manager.query<{ id: string; load: number }[]>(
      `SELECT u.id, (SELECT count(*)::int FROM tickets t
                      WHERE t.assigned_to_id = u.id AND t.status IN ('open', 'in_progress')) AS load
         FROM unnest($1::uuid[]) AS u(id)`,
      [userIds],
    );
    return new Map(rows.map((row) => [row.id, row.load]));
  }

  /** Whether any ticket waits in the queue (one index probe, no lock). */
  async hasQueued(): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(
      `SELECT 1 FROM tickets t WHERE ${QUEUED_SQL} LIMIT 1`,
    );
    return rows.length > 0;
  }

  /**
   * Locks up to `limit` queued tickets (unassigned, open or in progress) in queue order. SKIP
   * LOCKED: tickets another transaction holds are left to it, so no ticket is taken twice.
   * `categories` null: any category; `ids`: only those tickets.
   */
  async claimQueued(
    manager: EntityManager,
    limit: number,
    categories: readonly string[] | null,
    ids?: readonly string[],
  ): Promise<QueuedTicketRow[]> {
    const params = new SqlParams();
    const conditions = [QUEUED_SQL];
    if (categories !== null) conditions.push(`t.category = ANY(${params.add(categories)})`);
    if (ids !== undefined) conditions.push(`t.id = ANY(${params.add(ids)}::uuid[])`);
    const rows = await manager.query<
      Pick<TicketRow, 'id' | 'category' | 'priority' | 'created_at'>[]
    >(
      `SELECT t.id, t.category, t.priority, t.created_at FROM tickets t
        WHERE ${conditions.join(' AND ')}
        ORDER BY ${QUEUE_RANK_SQL}, t.created_at, t.id
        LIMIT ${params.add(limit)}
          FOR UPDATE SKIP LOCKED`,
      params.values,
    );
    return rows.map((row) => ({
      id: row.id,
      category: row.category,
      priority: row.priority,
      createdAt: row.created_at,
    }));
  }

  /** Assigns tickets the caller has locked, with an `assigned` event each, in one statement. */
  async assignMany(
    manager: EntityManager,
    assignments: readonly Assignment[],
    strategy: string,
    reason: AssignmentReason,
  ): Promise<Ticket[]> {
    if (assignments.length === 0) return [];
    const rows = await manager.query<TicketRow[]>(
      `WITH chosen AS (
         SELECT * FROM unnest($1::uuid[], $2::uuid[]) AS c(ticket_id, assignee_id)
       ), assigned AS (
         UPDATE tickets t SET assigned_to_id = chosen.assignee_id, updated_at = now()
           FROM chosen
          WHERE t.id = chosen.ticket_id
         RETURNING ${COLUMNS}
       ), logged AS (
         INSERT INTO ticket_events (ticket_id, actor_id, kind, data)
         SELECT a.id, NULL, 'assigned',
                jsonb_build_object('from', NULL, 'to', a.assigned_to_id, 'strategy', $3::text,
                                   'reason', $4::text)
           FROM assigned a
       )
       SELECT * FROM assigned`,
      [
        assignments.map((assignment) => assignment.ticketId),
        assignments.map((assignment) => assignment.assigneeId),
        strategy,
        reason,
      ],
    );
    return rows.map(toTicket);
  }

  /**
   * Takes up to `batch` tickets of the given statuses from the given assignees, with an
   * `unassigned` event each, in one statement; SKIP LOCKED leaves tickets being changed alone.
   */
  async unassignFrom(
    manager: EntityManager,
    assigneeIds: readonly string[],
    statuses: readonly TicketStatus[],
    reason: string,
    batch: number,
  ): Promise<Unassigned[]> {
    const rows = await manager.query<(TicketRow & { previous_assignee_id: string })[]>(
      `WITH claimed AS (
         SELECT id, assigned_to_id FROM tickets
          WHERE assigned_to_id = ANY($1::uuid[]) AND status = ANY($2::ticket_status[])
          ORDER BY id
          LIMIT $4
            FOR UPDATE SKIP LOCKED
       ), released AS (
         UPDATE tickets t SET assigned_to_id = NULL, updated_at = now()
           FROM claimed
          WHERE t.id = claimed.id
         RETURNING ${COLUMNS}, claimed.assigned_to_id AS previous_assignee_id
       ), logged AS (
         INSERT INTO ticket_events (ticket_id, actor_id, kind, data)
         SELECT r.id, NULL, 'unassigned',
                jsonb_build_object('from', r.previous_assignee_id, 'reason', $3::text)
           FROM released r
       )
       SELECT * FROM released`,
      [assigneeIds, statuses, reason, batch],
    );
    return rows.map((row) => ({
      ticket: toTicket(row),
      previousAssigneeId: row.previous_assignee_id,
    }));
  }

  /**
   * Closes up to `batch` tickets resolved longer than `olderThanSeconds` ago, with a system
   * event each, in one statement. SKIP LOCKED: rows another instance (or a CSR) holds are left
   * to them, so no ticket is closed twice.
   */
  async closeResolvedBefore(
    manager: EntityManager,
    olderThanSeconds: number,
    batch: number,
  ): Promise<{ ticket: Ticket; previousResolvedAt: Date | null }[]> {
    const rows = await manager.query<(TicketRow & { previous_resolved_at: Date | null })[]>(
      `WITH claimed AS (
         SELECT id, resolved_at FROM tickets
          WHERE status = 'resolved' AND resolved_at < now() - make_interval(secs => $1)
          ORDER BY resolved_at
          LIMIT $2
            FOR UPDATE SKIP LOCKED
       ), closed AS (
         UPDATE tickets t
            SET status = 'closed', resolved_at = NULL, closed_at = now(), updated_at = now()
           FROM claimed
          WHERE t.id = claimed.id
         RETURNING ${COLUMNS}, claimed.resolved_at AS previous_resolved_at
       ), logged AS (
         INSERT INTO ticket_events (ticket_id, actor_id, kind, data)
         SELECT closed.id, NULL, 'status_changed',
                jsonb_build_object('from', 'resolved', 'to', 'closed', 'reason', 'auto_close')
           FROM closed
       )
       SELECT * FROM closed`,
      [olderThanSeconds, batch],
    );
    return rows.map((row) => ({
      ticket: toTicket(row),
      previousResolvedAt: row.previous_resolved_at,
    }));
  }

  private where(filter: TicketFilter, params: SqlParams): string {
    const conditions: string[] = [];
    if (filter.userId !== undefined) conditions.push(`t.user_id = ${params.add(filter.userId)}`);
    if (filter.statuses !== undefined) {
      conditions.push(`t.status = ANY(${params.add(filter.statuses)}::ticket_status[])`);
    }
    if (filter.priorities !== undefined) {
      conditions.push(`t.priority = ANY(${params.add(filter.priorities)}::ticket_priority[])`);
    }
    if (filter.category !== undefined) {
      conditions.push(`t.category = ${params.add(filter.category)}`);
    }
    if (filter.type !== undefined) conditions.push(`t.type = ${params.add(filter.type)}`);
    if (filter.q !== undefined) {
      const pattern = params.add(`%${filter.q.replace(/[\\%_]/g, '\\$&')}%`);
      conditions.push(`(t.title ILIKE ${pattern} OR t.description ILIKE ${pattern})`);
    }
    // Containment, which tickets_tags_idx (GIN) answers.
    if (filter.tags !== undefined) {
      conditions.push(`t.tags @> ${params.add(filter.tags)}::varchar[]`);
    }
    if (filter.unassigned !== undefined) {
      conditions.push(
        filter.unassigned ? 't.assigned_to_id IS NULL' : 't.assigned_to_id IS NOT NULL',
      );
    }
    if (filter.assigneeId !== undefined) {
      conditions.push(`t.assigned_to_id = ${params.add(filter.assigneeId)}`);
    }
    // Partial indexes (tickets_sla_at_risk_idx, tickets_sla_breached_idx) hold just these rows.
    if (filter.sla === 'at_risk') conditions.push('t.sla_at_risk');
    if (filter.sla === 'breached') conditions.push('t.sla_breached');
    return conditions.length === 0 ? 'TRUE' : conditions.join(' AND ');
  }

  /**
   * Rows strictly after `after` in the sort order, as one or two ranges the sort's index can seek
   * to (one `OR` would turn the seek into a filter over everything before the cursor). Two ranges
   * arise only around the block of unset values of a nullable column, which sorts at one end.
   */
  private rangesAfter(
    sort: SortColumn,
    descending: boolean,
    after: CursorPosition,
    params: SqlParams,
  ): string[] {
    const column = `t.${sort.column}`;
    const id = `${params.add(after.id)}::uuid`;
    const op = descending ? '<' : '>';
    const unsetFirst = sort.nulls !== null && (sort.nulls === 'first') !== descending;
    if (after.value === null) {
      const restOfBlock = `${column} IS NULL AND t.id ${op} ${id}`;
      return unsetFirst ? [restOfBlock, `${column} IS NOT NULL`] : [restOfBlock];
    }
    // A row comparison with NULL is never true, so this range never includes unset values.
    const range = `(${column}, t.id) ${op} (${params.add(after.value)}::${sort.type}, ${id})`;
    return sort.nulls !== null && !unsetFirst ? [range, `${column} IS NULL`] : [range];
  }
}

/** Rows after `after` in queue order: one row comparison over the queue index's columns. */
function queueAfter(after: CursorPosition, params: SqlParams): string {
  const value = after.value ?? '';
  return `(${QUEUE_RANK_SQL}, t.created_at, t.id) > (${params.add(Number(value.slice(0, 1)))}::int, ${params.add(value.slice(2))}::timestamptz, ${params.add(after.id)}::uuid)`;
}

function order(sort: SortColumn, descending: boolean, alias: string): string {
  const direction = descending ? 'DESC' : 'ASC';
  const unsetFirst = (sort.nulls === 'first') !== descending;
  const nulls = sort.nulls === null ? '' : unsetFirst ? ' NULLS FIRST' : ' NULLS LAST';
  return `${alias}.${sort.column} ${direction}${nulls}, ${alias}.id ${direction}`;
}

function toTicket(row: TicketRow): Ticket {
  return Object.assign(new Ticket(), {
    id: row.id,
    number: row.number,
    title: row.title,
    description: row.description,
    category: row.category,
    type: row.type,
    status: row.status,
    priority: row.priority,
    userId: row.user_id,
    assignedToId: row.assigned_to_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    firstResponseAt: row.first_response_at,
    resolvedAt: row.resolved_at,
    closedAt: row.closed_at,
    tags: row.tags,
    watcherIds: row.watcher_ids,
    satisfaction: row.satisfaction,
    sla: row.sla,
  });
}

function toTicketEvent(row: TicketEventRow): TicketEvent {
  return Object.assign(new TicketEvent(), {
    id: row.id,
    ticketId: row.ticket_id,
    actorId: row.actor_id,
    kind: row.kind,
    data: row.data,
    createdAt: row.created_at,
  });
}
