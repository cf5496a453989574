// The status workflow as a table, and what a change does to the ticket's timestamps.
import { TicketClosed, TransitionNotAllowed } from '@/tickets/ticket.errors';
import type { TicketStatus } from '@/tickets/ticket.entity';

/** Who asks: the ticket's owner through the user routes, or staff through the CSR routes. */
export type StatusChanger = 'owner' | 'staff';

const TRANSITIONS: Record<StatusChanger, Record<TicketStatus, readonly TicketStatus[]>> = {
  staff: {
    open: ['in_progress', 'resolved', 'closed'],
    in_progress: ['open', 'resolved', 'closed'],
    resolved: ['open', 'in_progress', 'closed'],
    closed: [],
  },
  // An owner may give up on a ticket at any point, or reopen one they do not consider solved.
  owner: {
    open: ['closed'],
    in_progress: ['closed'],
    resolved: ['open', 'closed'],
    closed: [],
  },
};

export function canTransition(from: TicketStatus, to: TicketStatus, by: StatusChanger): boolean {
  return TRANSITIONS[by][from].includes(to);
}

/** Timestamp columns a transition sets ('now') or clears (null); absent ones are left alone. */
export interface TransitionEffects {
  resolvedAt?: 'now' | null;
  closedAt?: 'now';
}

export type StatusPlan = { change: false } | { change: true; effects: TransitionEffects };

/**
 * Decides a requested status. The current status again is a no-op, even on a closed ticket;
 * any other move out of `closed` is TicketClosed, and a move the table lacks is
 * TransitionNotAllowed.
 */
export function planStatusChange(
  from: TicketStatus,
  to: TicketStatus,
  by: StatusChanger,
): StatusPlan {
  if (from === to) return { change: false };
  if (from === 'closed') throw new TicketClosed();
  if (!canTransition(from, to, by)) throw new TransitionNotAllowed(from, to);
  const effects: TransitionEffects = {};
  if (to === 'resolved') effects.resolvedAt = 'now';
  else if (from === 'resolved') effects.resolvedAt = null;
  if (to === 'closed') effects.closedAt = 'now';
  return { change: true, effects };
}
