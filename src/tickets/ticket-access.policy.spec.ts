import { canAccessTicket, ticketListScope } from '@/tickets/ticket-access.policy';

const owner = { id: 'owner', role: 'user' as const };
const assigned = { id: 'csr-1', role: 'csr' as const };
const otherCsr = { id: 'csr-2', role: 'csr' as const };
const admin = { id: 'admin', role: 'admin' as const };
const stranger = { id: 'stranger', role: 'user' as const };
const ticket = { userId: 'owner', assignedToId: 'csr-1', watcherIds: [] };

describe('canAccessTicket', () => {
  it('lets only the owner through the user routes, not even staff', () => {
    expect(canAccessTicket(owner, ticket, 'owner')).toBe(true);
    for (const actor of [assigned, otherCsr, admin, stranger]) {
      expect(canAccessTicket(actor, ticket, 'owner')).toBe(false);
    }
  });

  it('lets the owner, the assigned CSR and admins take part in the conversation', () => {
    expect(canAccessTicket(owner, ticket)).toBe(true);
    expect(canAccessTicket(assigned, ticket)).toBe(true);
    expect(canAccessTicket(admin, ticket)).toBe(true);
    expect(canAccessTicket(otherCsr, ticket)).toBe(false);
    expect(canAccessTicket(stranger, ticket)).toBe(false);
  });

  it('lets a CSR watching the ticket (mentioned in a note) take part like its assignee', () => {
    const watched = { ...ticket, watcherIds: ['csr-2'] };
    expect(canAccessTicket(otherCsr, watched)).toBe(true);
    expect(canAccessTicket(otherCsr, watched, 'owner')).toBe(false);
    expect(canAccessTicket({ id: 'csr-2', role: 'user' }, watched)).toBe(false);
  });

  it('does not let a user who was the assignee (since demoted) in as participant', () => {
    expect(canAccessTicket({ id: 'csr-1', role: 'user' }, ticket)).toBe(false);
  });

  it('lets every CSR and admin work any ticket through the queue', () => {
    expect(canAccessTicket(otherCsr, ticket, 'queue')).toBe(true);
    expect(canAccessTicket(admin, ticket, 'queue')).toBe(true);
    expect(canAccessTicket(owner, ticket, 'queue')).toBe(false);
  });
});

describe('ticketListScope', () => {
  it('restricts owner lists to the caller and opens the queue to staff only', () => {
    expect(ticketListScope(admin, 'owner')).toEqual({ userId: 'admin' });
    expect(ticketListScope(otherCsr, 'queue')).toEqual({});
    expect(ticketListScope(owner, 'queue')).toBeNull();
  });
});
