import { canTransition, planStatusChange } from '@/tickets/ticket-status';
import { TicketClosed, TransitionNotAllowed } from '@/tickets/ticket.errors';
import { TICKET_STATUSES, TicketStatus } from '@/tickets/ticket.entity';

const allPairs = TICKET_STATUSES.flatMap((from) => TICKET_STATUSES.map((to) => [from, to]));

describe('ticket status transitions', () => {
  it('lets staff move between every open state and close, and never leave closed', () => {
    const allowed = allPairs.filter(([from, to]) => canTransition(from!, to!, 'staff'));
    expect(allowed).toEqual([
      ['open', 'in_progress'],
      ['open', 'resolved'],
      ['open', 'closed'],
      ['in_progress', 'open'],
      ['in_progress', 'resolved'],
      ['in_progress', 'closed'],
      ['resolved', 'open'],
      ['resolved', 'in_progress'],
      ['resolved', 'closed'],
    ]);
  });

  it('lets an owner only close from an open state or reopen a resolved ticket', () => {
    const allowed = allPairs.filter(([from, to]) => canTransition(from!, to!, 'owner'));
    expect(allowed).toEqual([
      ['open', 'closed'],
      ['in_progress', 'closed'],
      ['resolved', 'open'],
      ['resolved', 'closed'],
    ]);
  });

  it.each(TICKET_STATUSES)('treats %s -> the same status as a no-op for anyone', (status) => {
    expect(planStatusChange(status, status, 'staff')).toEqual({ change: false });
    expect(planStatusChange(status, status, 'owner')).toEqual({ change: false });
  });

  it.each<[TicketStatus, 'owner' | 'staff']>([
    ['open', 'staff'],
    ['in_progress', 'staff'],
    ['resolved', 'staff'],
    ['open', 'owner'],
  ])('refuses closed -> %s (%s) with Ticket is closed', (to, by) => {
    expect(() => planStatusChange('closed', to, by)).toThrow(TicketClosed);
    expect(() => planStatusChange('closed', to, by)).toThrow('Ticket is closed');
  });

  it('refuses an owner move the table lacks with TransitionNotAllowed', () => {
    expect(() => planStatusChange('open', 'in_progress', 'owner')).toThrow(TransitionNotAllowed);
    expect(() => planStatusChange('open', 'resolved', 'owner')).toThrow(
      'Cannot change status from open to resolved',
    );
    expect(() => planStatusChange('in_progress', 'open', 'owner')).toThrow(TransitionNotAllowed);
  });

  it('sets resolved_at on entering resolved, clears it on leaving, sets closed_at on closing', () => {
    expect(planStatusChange('open', 'resolved', 'staff')).toEqual({
      change: true,
      effects: { resolvedAt: 'now' },
    });
    expect(planStatusChange('resolved', 'in_progress', 'staff')).toEqual({
      change: true,
      effects: { resolvedAt: null },
    });
    expect(planStatusChange('resolved', 'closed', 'owner')).toEqual({
      change: true,
      effects: { resolvedAt: null, closedAt: 'now' },
    });
    expect(planStatusChange('open', 'closed', 'owner')).toEqual({
      change: true,
      effects: { closedAt: 'now' },
    });
    expect(planStatusChange('open', 'in_progress', 'staff')).toEqual({
      change: true,
      effects: {},
    });
  });
});
