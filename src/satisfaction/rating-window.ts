// When a ticket may be rated: while it is resolved, or once closed from resolved, within the
// window after that resolution. Pure, so the rule reads (and is tested) apart from the SQL.
import type { TicketStatus } from '@/tickets/ticket.entity';

export interface RatingState {
  status: TicketStatus;
  /** The latest resolution, or null if there never was one. */
  resolvedAt: Date | null;
  /** Where the latest status change came from. */
  lastChangeFrom: string | null;
}

export type RatingVerdict = 'allowed' | 'not_resolved' | 'window_passed';

export function ratingVerdict(state: RatingState, now: Date, windowSeconds: number): RatingVerdict {
  if (state.resolvedAt === null) return 'not_resolved';
  if (state.status === 'resolved') return 'allowed';
  // Closed straight from resolved (by the owner, staff or auto-close); any other way, the
  // resolution was undone before it ended.
  if (state.status !== 'closed' || state.lastChangeFrom !== 'resolved') return 'not_resolved';
  return now.getTime() <= state.resolvedAt.getTime() + windowSeconds * 1000
    ? 'allowed'
    : 'window_passed';
}
