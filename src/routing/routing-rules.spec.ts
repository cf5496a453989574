import {
  compareQueue,
  isRoutable,
  planAssignments,
  QueuedTicket,
  RoutingAgent,
} from '@/routing/routing-rules';

const agent = (id: string, overrides: Partial<RoutingAgent> = {}): RoutingAgent => ({
  id,
  role: 'csr',
  isActive: true,
  presence: 'online',
  load: 0,
  capacity: null,
  categories: [],
  ...overrides,
});

let clock = Date.parse('2026-01-01T00:00:00Z');
const ticket = (id: string, overrides: Partial<QueuedTicket> = {}): QueuedTicket => ({
  id,
  category: 'hardware',
  priority: null,
  createdAt: new Date((clock += 1000)),
  ...overrides,
});

describe('isRoutable', () => {
  it('takes an active online CSR below capacity with no skills for any category', () => {
    expect(isRoutable(agent('a'), 'billing')).toBe(true);
    expect(isRoutable(agent('a', { load: 9, capacity: 10 }), 'billing')).toBe(true);
  });

  it.each<[string, Partial<RoutingAgent>]>([
    ['inactive', { isActive: false }],
    ['an admin', { role: 'admin' }],
    ['a user', { role: 'user' }],
    ['away', { presence: 'away' }],
    ['offline', { presence: 'offline' }],
    ['at capacity', { load: 10, capacity: 10 }],
    ['above capacity (manual assignment)', { load: 12, capacity: 10 }],
    ['skilled in other categories', { categories: ['billing', 'network'] }],
  ])('refuses an agent who is %s', (_case, overrides) => {
    expect(isRoutable(agent('a', overrides), 'hardware')).toBe(false);
  });

  it('takes a skilled agent for a category they list', () => {
    expect(isRoutable(agent('a', { categories: ['billing', 'hardware'] }), 'hardware')).toBe(true);
  });
});

describe('queue order', () => {
  it('is urgent, high, medium, low, none; then oldest first; then id', () => {
    const none = ticket('none');
    const lowOld = ticket('low-old', { priority: 'low' });
    const urgent = ticket('urgent', { priority: 'urgent' });
    const lowNew = ticket('low-new', { priority: 'low' });
    const high = ticket('high', { priority: 'high' });
    const medium = ticket('medium', { priority: 'medium' });
    const at = new Date();
    const tieB = ticket('b', { priority: 'medium', createdAt: at });
    const tieA = ticket('a', { priority: 'medium', createdAt: at });
    const sorted = [none, lowNew, tieB, lowOld, high, medium, urgent, tieA].sort(compareQueue);
    expect(sorted.map((t) => t.id)).toEqual([
      'urgent',
      'high',
      'medium',
      'a',
      'b',
      'low-old',
      'low-new',
      'none',
    ]);
  });
});

describe('planAssignments', () => {
  const five = () => ['1', '2', '3', '4', '5'].map((id) => ticket(id));

  it('round robin continues the cycle after the last assignee, skipping who cannot take work', () => {
    const agents = [agent('a'), agent('b', { presence: 'away' }), agent('c'), agent('d')];
    const plan = planAssignments('round_robin', agents, 'c', five());
    expect(plan.assignments.map((a) => a.assigneeId)).toEqual(['d', 'a', 'c', 'd', 'a']);
    expect(plan.lastAssigneeId).toBe('a');
  });

  it('never fills an agent past capacity and leaves the rest queued', () => {
    const agents = [agent('a', { capacity: 2, load: 1 }), agent('b', { capacity: 1 })];
    const plan = planAssignments('round_robin', agents, null, five());
    expect(plan.assignments).toEqual([
      { ticketId: '1', assigneeId: 'a' },
      { ticketId: '2', assigneeId: 'b' },
    ]);
  });

  it('takes tickets in queue order, whatever order they come in', () => {
    const tickets = [ticket('low', { priority: 'low' }), ticket('urgent', { priority: 'urgent' })];
    const plan = planAssignments('round_robin', [agent('a', { capacity: 1 })], null, tickets);
    expect(plan.assignments).toEqual([{ ticketId: 'urgent', assigneeId: 'a' }]);
  });

  it('gives a ticket only to agents skilled for its category, passing over one nobody takes', () => {
    const agents = [
      agent('a', { categories: ['billing'] }),
      agent('b', { categories: ['network'] }),
    ];
    const tickets = [
      ticket('hw', { category: 'hardware' }),
      ticket('net', { category: 'network' }),
      ticket('bill', { category: 'billing' }),
    ];
    const plan = planAssignments('round_robin', agents, null, tickets);
    expect(plan.assignments).toEqual([
      { ticketId: 'net', assigneeId: 'b' },
      { ticketId: 'bill', assigneeId: 'a' },
    ]);
  });

  it('least loaded counts what the batch already gave, ties in cycle order', () => {
    const agents = [agent('a', { load: 2 }), agent('b', { load: 0 }), agent('c', { load: 1 })];
    const plan = planAssignments('least_loaded', agents, null, five());
    expect(plan.assignments.map((a) => a.assigneeId)).toEqual(['b', 'c', 'b', 'c', 'a']);
  });

  it('random picks only among routable agents', () => {
    const agents = [agent('a', { presence: 'offline' }), agent('b'), agent('c', { capacity: 0 })];
    const plan = planAssignments('random', agents, null, five(), () => 0.99);
    expect(new Set(plan.assignments.map((a) => a.assigneeId))).toEqual(new Set(['b']));
    expect(plan.assignments).toHaveLength(5);
  });

  it('assigns nothing when nobody is online', () => {
    const agents = [agent('a', { presence: 'offline' }), agent('b', { presence: 'away' })];
    expect(planAssignments('least_loaded', agents, null, five()).assignments).toEqual([]);
  });
});
