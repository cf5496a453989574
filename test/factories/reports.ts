// Report fixtures: rows with chosen timestamps, inserted straight through the app's DataSource
// (the routes would stamp them with now()), so a test can state the numbers it expects.
import type { DataSource } from 'typeorm';
import { DEFAULT_SLA_POLICY, type SlaPolicyDocument } from '@/sla/sla-policy';

/** An enabled policy without targets unless given. */
export function slaPolicy(overrides: Partial<SlaPolicyDocument> = {}): SlaPolicyDocument {
  return { ...DEFAULT_SLA_POLICY, enabled: true, ...overrides };
}

export class ReportFixtures {
  constructor(private readonly db: DataSource) {}

  async policy(policy: SlaPolicyDocument): Promise<void> {
    await this.db.query('INSERT INTO sla_policies (policy) VALUES ($1)', [JSON.stringify(policy)]);
  }

  async ticket(input: {
    ownerId: string;
    createdAt: string;
    assigneeId?: string | null;
    firstResponseAt?: string | null;
    status?: string;
  }): Promise<string> {
    const rows = await this.db.query<{ id: string }[]>(
      `INSERT INTO tickets (title, description, category, type, user_id, assigned_to_id, status,
                            created_at, updated_at, first_response_at)
       VALUES ('Report fixture', 'For the reports', 'general', 'question', $1, $2, $3, $4, $4, $5)
       RETURNING id`,
      [
        input.ownerId,
        input.assigneeId ?? null,
        input.status ?? 'open',
        input.createdAt,
        input.firstResponseAt ?? null,
      ],
    );
    return rows[0]!.id;
  }

  /** A timeline event; insert them in time order (the identity id orders a timeline). */
  async event(
    ticketId: string,
    kind: string,
    data: Record<string, unknown>,
    at: string,
    actorId: string | null = null,
  ): Promise<string> {
    const rows = await this.db.query<{ id: string }[]>(
      `INSERT INTO ticket_events (ticket_id, actor_id, kind, data, created_at)
       VALUES ($1, $2, $3, $4, $5) RETURNING id::text AS id`,
      [ticketId, actorId, kind, JSON.stringify(data), at],
    );
    return rows[0]!.id;
  }

  status(ticketId: string, from: string, to: string, at: string, actorId: string | null = null) {
    return this.event(ticketId, 'status_changed', { from, to }, at, actorId);
  }

  assigned(ticketId: string, from: string | null, to: string, at: string) {
    return this.event(ticketId, 'assigned', { from, to, strategy: 'manual', reason: 'manual' }, at);
  }

  async message(ticketId: string, sender: { id: string; role: string }, at: string): Promise<void> {
    await this.db.query(
      `INSERT INTO ticket_messages (ticket_id, seq, sender_id, sender_role, content, created_at)
       VALUES ($1, (SELECT coalesce(max(seq), 0) + 1 FROM ticket_messages WHERE ticket_id = $1),
               $2, $3, 'Hello', $4)`,
      [ticketId, sender.id, sender.role, at],
    );
  }

  async clockRun(run: {
    ticketId: string;
    clock: 'first_response' | 'next_response' | 'resolution';
    run?: number;
    dueAt: string;
    metAt?: string | null;
    breached?: boolean;
    assigneeId?: string | null;
  }): Promise<void> {
    await this.db.query(
      `INSERT INTO sla_clock_runs (ticket_id, clock, run, priority, target_minutes, started_at,
                                   due_at, met_at, breached, assignee_id)
       VALUES ($1, $2, $3, NULL, 60, $4::timestamptz - interval '1 hour', $4, $5, $6, $7)`,
      [
        run.ticketId,
        run.clock,
        run.run ?? 1,
        run.dueAt,
        run.metAt ?? null,
        run.breached ?? false,
        run.assigneeId ?? null,
      ],
    );
  }

  async alert(alert: {
    ticketId: string;
    clock: string;
    kind: 'warning' | 'breached';
    at: string;
    assigneeId: string | null;
  }): Promise<void> {
    await this.db.query(
      `INSERT INTO sla_alerts (ticket_id, clock, run, kind, due_at, assignee_id, created_at)
       VALUES ($1, $2, 1, $3, $4, $5, $4)`,
      [alert.ticketId, alert.clock, alert.kind, alert.at, alert.assigneeId],
    );
  }

  async rating(rating: {
    ticketId: string;
    resolutionEventId: string;
    userId: string;
    assigneeId: string | null;
    rating: number;
    at: string;
  }): Promise<void> {
    await this.db.query(
      `INSERT INTO ticket_ratings (ticket_id, resolution_event_id, user_id, assignee_id, rating, rated_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        rating.ticketId,
        rating.resolutionEventId,
        rating.userId,
        rating.assigneeId,
        rating.rating,
        rating.at,
      ],
    );
  }

  async presence(userId: string, presence: string, at: string): Promise<void> {
    await this.db.query(
      'INSERT INTO agent_presence_changes (user_id, presence, changed_at) VALUES ($1, $2, $3)',
      [userId, presence, at],
    );
  }
}
