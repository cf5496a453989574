// The SLA state a ticket carries (the sla module computes it; the tickets module stores it and
// asks the module through TicketClocks whenever something that moves a clock happens).
import type { EntityManager } from 'typeorm';
import type { Ticket, TicketStatus } from '@/tickets/ticket.entity';

export const CLOCK_NAMES = ['first_response', 'next_response', 'resolution'] as const;
export type ClockName = (typeof CLOCK_NAMES)[number];

/** The lists' `sla=` filter. */
export const SLA_FILTERS = ['at_risk', 'breached'] as const;
export type SlaFilter = (typeof SLA_FILTERS)[number];

/** One clock's current run, as stored in tickets.sla (ISO timestamps). */
export interface ClockState {
  run: number;
  /** Null: this priority has no target for this clock (it still runs, for a priority change). */
  target_minutes: number | null;
  started_at: string;
  /** Start of the running stretch; null while paused, met or stopped. */
  resumed_at: string | null;
  /** Business minutes used before resumed_at (the stretches before a pause). */
  used_minutes: number;
  due_at: string | null;
  warn_at: string | null;
  met_at: string | null;
  warned: boolean;
  breached: boolean;
  paused: boolean;
  stopped: boolean;
}

export interface SlaState {
  /** The policy version the clocks started under: its calendar and targets keep applying. */
  policy_version: number;
  first_response: ClockState | null;
  next_response: ClockState | null;
  resolution: ClockState | null;
}

/** What the tickets table keeps of the SLA state besides the state itself, for lists and the job. */
export interface SlaColumns {
  sla: SlaState;
  /** The nearest due_at of a running, unmet clock with a target (sort=sla_due). */
  dueAt: Date | null;
  /** The next moment a warning or breach is due (the check job's index). */
  checkAt: Date | null;
  atRisk: boolean;
  breached: boolean;
}

export type ClockHappening =
  | { kind: 'created' }
  | { kind: 'status_changed'; from: TicketStatus; to: TicketStatus }
  | { kind: 'priority_changed' }
  | { kind: 'owner_message' }
  | { kind: 'staff_reply' };

/**
 * The SLA module, seen from the tickets module. Called in the transaction that holds the
 * ticket's lock, after the change itself: returns the new SLA columns, or null for no change.
 */
export interface TicketClocks {
  apply(
    manager: EntityManager,
    ticket: Ticket,
    happenings: readonly ClockHappening[],
  ): Promise<SlaColumns | null>;
}
