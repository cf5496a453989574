// Every SQL statement the SLA module sends: policy versions, clock runs and fired alerts. The
// clock state on tickets is written through TicketsService, which owns that table.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { SlaAlertKind } from '@/sla/sla-alert.entity';
import type { SlaPolicyDocument } from '@/sla/sla-policy';
import type { TicketPriority } from '@/tickets/ticket.entity';
import type { ClockName } from '@/tickets/ticket-sla';

export interface PolicyVersion {
  version: number;
  policy: SlaPolicyDocument;
}

export interface ClockRun {
  ticketId: string;
  clock: ClockName;
  run: number;
  priority: TicketPriority | null;
  targetMinutes: number;
  startedAt: string;
  dueAt: string;
  metAt: string | null;
  elapsedMinutes: number | null;
  breached: boolean;
  assigneeId: string | null;
}

export interface NewAlert {
  ticketId: string;
  clock: ClockName;
  run: number;
  kind: SlaAlertKind;
  dueAt: string;
  assigneeId: string | null;
  createdAt: Date;
}

export type AlertKey = Pick<NewAlert, 'ticketId' | 'clock' | 'run' | 'kind'>;

interface PolicyRow {
  version: number;
  policy: SlaPolicyDocument;
}

@Injectable()
export class SlaRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The policy in force: the highest version (null before the first save). */
  async latest(manager?: EntityManager): Promise<PolicyVersion | null> {
    const rows = await (manager ?? this.dataSource).query<PolicyRow[]>(
      `SELECT version, policy FROM sla_policies ORDER BY version DESC LIMIT 1`,
    );
    return rows[0] === undefined ? null : toPolicyVersion(rows[0]);
  }

  async byVersion(manager: EntityManager, version: number): Promise<PolicyVersion | null> {
    const rows = await manager.query<PolicyRow[]>(
      `SELECT version, policy FROM sla_policies WHERE version = $1`,
      [version],
    );
    return rows[0] === undefined ? null : toPolicyVersion(rows[0]);
  }

  async insert(policy: SlaPolicyDocument, createdById: string): Promise<PolicyVersion> {
    const rows = await this.dataSource.query<PolicyRow[]>(
      `INSERT INTO sla_policies (policy, created_by_id) VALUES ($1::jsonb, $2)
       RETURNING version, policy`,
      [JSON.stringify(policy), createdById],
    );
    return toPolicyVersion(rows[0]!);
  }

  /** Writes clock runs as they are now, one statement for all. */
  async saveRuns(manager: EntityManager, runs: readonly ClockRun[]): Promise<void> {
    if (runs.length === 0) return;
    await manager.query(
      `INSERT INTO sla_clock_runs AS r (ticket_id, clock, run, priority, target_minutes, started_at,
              due_at, met_at, elapsed_minutes, breached, assignee_id)
       SELECT * FROM unnest($1::uuid[], $2::varchar[], $3::int[], $4::ticket_priority[], $5::int[],
              $6::timestamptz[], $7::timestamptz[], $8::timestamptz[], $9::float8[], $10::bool[],
              $11::uuid[])
       ON CONFLICT (ticket_id, clock, run) DO UPDATE
          SET priority = EXCLUDED.priority, target_minutes = EXCLUDED.target_minutes,
              due_at = EXCLUDED.due_at, met_at = EXCLUDED.met_at,
              elapsed_minutes = EXCLUDED.elapsed_minutes, breached = EXCLUDED.breached,
              assignee_id = EXCLUDED.assignee_id`,
      [
        runs.map((r) => r.ticketId),
        runs.map((r) => r.clock),
        runs.map((r) => r.run),
        runs.map((r) => r.priority),
        runs.map((r) => r.targetMinutes),
        runs.map((r) => r.startedAt),
        runs.map((r) => r.dueAt),
        runs.map((r) => r.metAt),
        runs.map((r) => r.elapsedMinutes),
        runs.map((r) => r.breached),
        runs.map((r) => r.assigneeId),
      ],
    );
  }

  /**
   * Records alerts; returns the ones that were new. A key already there fired before (another
   * instance, or an earlier pass) and must not be announced again.
   */
  async insertAlerts(manager: EntityManager, alerts: readonly NewAlert[]): Promise<AlertKey[]> {
    if (alerts.length === 0) return [];
    const rows = await manager.query<
      { ticket_id: string; clock: ClockName; run: number; kind: SlaAlertKind }[]
    >(
      `INSERT INTO sla_alerts (ticket_id, clock, run, kind, due_at, assignee_id, created_at)
       SELECT * FROM unnest($1::uuid[], $2::varchar[], $3::int[], $4::varchar[],
              $5::timestamptz[], $6::uuid[], $7::timestamptz[])
       ON CONFLICT DO NOTHING
       RETURNING ticket_id, clock, run, kind`,
      [
        alerts.map((a) => a.ticketId),
        alerts.map((a) => a.clock),
        alerts.map((a) => a.run),
        alerts.map((a) => a.kind),
        alerts.map((a) => a.dueAt),
        alerts.map((a) => a.assigneeId),
        alerts.map((a) => a.createdAt),
      ],
    );
    return rows.map((row) => ({
      ticketId: row.ticket_id,
      clock: row.clock,
      run: row.run,
      kind: row.kind,
    }));
  }
}

function toPolicyVersion(row: PolicyRow): PolicyVersion {
  return { version: row.version, policy: row.policy };
}
