import { ticketChanges, ticketWebhookEvents } from '@/tickets/ticket-webhooks';
import type { TicketResponse } from '@/tickets/ticket.response';

const ticket: TicketResponse = {
  id: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  number: 1,
  title: 'Printer',
  description: 'It jams',
  category: 'hardware',
  type: 'question',
  status: 'open',
  priority: 'medium',
  user_id: 'u1',
  assigned_to_id: null,
  created_at: '2026-12-01T09:00:00.000Z',
  updated_at: '2026-12-01T09:00:00.000Z',
  first_response_at: null,
  resolved_at: null,
  closed_at: null,
  tags: [],
  watcher_ids: [],
  satisfaction: null,
  sla: null,
};

describe('ticket webhook events', () => {
  it('names every changed field but updated_at, with from and to', () => {
    const after = {
      ...ticket,
      status: 'resolved' as const,
      resolved_at: '2026-12-01T10:00:00.000Z',
      tags: ['vip'],
      updated_at: '2026-12-01T10:00:00.000Z',
    };
    expect(ticketChanges(ticket, after)).toEqual({
      status: { from: 'open', to: 'resolved' },
      resolved_at: { from: null, to: '2026-12-01T10:00:00.000Z' },
      tags: { from: [], to: ['vip'] },
    });
  });

  it.each([
    ['a new unassigned ticket', null, ticket, ['ticket.created']],
    [
      'a new assigned ticket',
      null,
      { ...ticket, assigned_to_id: 'a1' },
      ['ticket.created', 'ticket.assigned'],
    ],
    ['a priority change', ticket, { ...ticket, priority: 'high' as const }, ['ticket.updated']],
    [
      'an assignment',
      ticket,
      { ...ticket, assigned_to_id: 'a1' },
      ['ticket.updated', 'ticket.assigned'],
    ],
    ['an unassignment', { ...ticket, assigned_to_id: 'a1' }, ticket, ['ticket.updated']],
    ['nothing visible', ticket, { ...ticket, updated_at: '2026-12-01T11:00:00.000Z' }, []],
  ] as const)('%s', (_name, before, after, types) => {
    expect(ticketWebhookEvents(before, after).map((event) => event.type)).toEqual(types);
  });

  it('gives ticket.assigned the assignee change alone', () => {
    const after = { ...ticket, assigned_to_id: 'a2', priority: 'high' as const };
    const [, assigned] = ticketWebhookEvents({ ...ticket, assigned_to_id: 'a1' }, after);
    expect(assigned).toEqual({
      type: 'ticket.assigned',
      data: after,
      changes: { assigned_to_id: { from: 'a1', to: 'a2' } },
    });
  });
});
