// The one answer to "may this actor see or change this ticket?", for the HTTP routes and the chat.
import type { Role } from '@/users/user.entity';

export interface TicketActor {
  readonly id: string;
  readonly role: Role;
}

export interface TicketParties {
  readonly userId: string;
  readonly assignedToId: string | null;
  /** Staff mentioned in the ticket's notes. */
  readonly watcherIds: readonly string[];
}

/**
 * Through which door the actor comes:
 * - `owner`: the user routes, which speak for the ticket's owner only;
 * - `participant`: the ticket's conversation: its owner, its assigned CSR, the CSRs watching it
 *   (mentioned in a note) and any admin;
 * - `queue`: the CSR routes, where any CSR or admin works every ticket.
 */
export type TicketAccess = 'owner' | 'participant' | 'queue';

export function canWorkQueue(actor: TicketActor): boolean {
  return actor.role === 'csr' || actor.role === 'admin';
}

export function canAccessTicket(
  actor: TicketActor,
  ticket: TicketParties,
  access: TicketAccess = 'participant',
): boolean {
  switch (access) {
    case 'owner':
      return ticket.userId === actor.id;
    case 'participant':
      return (
        ticket.userId === actor.id ||
        actor.role === 'admin' ||
        (actor.role === 'csr' &&
          (ticket.assignedToId === actor.id || ticket.watcherIds.includes(actor.id)))
      );
    case 'queue':
      return canWorkQueue(actor);
  }
}

/** The same rule for lists: the restriction every list query through this door must carry. */
export function ticketListScope(
  actor: TicketActor,
  access: Exclude<TicketAccess, 'participant'>,
): { userId?: string } | null {
  if (access === 'owner') return { userId: actor.id };
  return canWorkQueue(actor) ? {} : null;
}
