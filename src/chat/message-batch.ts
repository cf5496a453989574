// Decides, for a batch of sends, what each one becomes — refused, an idempotent repeat, or a new
// row — given the locked tickets and the stored messages with matching client ids. Pure, so the
// rules are tested without a database; the writer applies the plan in one transaction.
import type { Message } from '@/chat/message.entity';
import type { NewMessage } from '@/chat/messages.repository';
import type { DomainError } from '@/common/errors/domain-errors';
import { canAccessTicket, TicketActor } from '@/tickets/ticket-access.policy';
import { TicketClosed, TicketNotFound } from '@/tickets/ticket.errors';
import type { TicketStatus } from '@/tickets/ticket.entity';
import type { ClockHappening } from '@/tickets/ticket-sla';

export interface SendRequest {
  actor: TicketActor;
  ticketId: string;
  content: string;
  clientId: string | null;
  /** Uploads the message carries; linked in the writer's transaction. */
  attachmentIds?: readonly string[];
}

export interface TicketState {
  id: string;
  userId: string;
  assignedToId: string | null;
  watcherIds: readonly string[];
  status: TicketStatus;
  firstResponseAt: Date | null;
}

export type Decision =
  | { kind: 'refuse'; error: DomainError }
  | { kind: 'existing'; message: Message }
  | { kind: 'insert'; slot: number }
  /** The same client_id as an earlier send of this batch: answered with that one's message. */
  | { kind: 'repeat'; of: number };

export interface BatchPlan {
  decisions: Decision[];
  inserts: NewMessage[];
  /** Resolved tickets an owner's message reopens, with who reopened them. */
  reopen: { ticketId: string; actorId: string }[];
  /** Tickets whose first staff reply is in this batch. */
  firstResponse: string[];
  /** What the batch does to SLA clocks, in order: reopens, owner messages, staff replies. */
  clock: { ticketId: string; happening: ClockHappening }[];
}

export const clientKey = (ticketId: string, senderId: string, clientId: string) =>
  `${ticketId} ${senderId} ${clientId}`;

export function planBatch(
  requests: readonly SendRequest[],
  lockedTickets: readonly TicketState[],
  existing: readonly Message[],
): BatchPlan {
  // Copies: a reopen earlier in the batch changes what later sends see.
  const tickets = new Map(lockedTickets.map((ticket) => [ticket.id, { ...ticket }]));
  const stored = new Map(
    existing.map((message) => [
      clientKey(message.ticketId, message.senderId, message.clientId ?? ''),
      message,
    ]),
  );
  const seen = new Map<string, number>();
  const plan: BatchPlan = {
    decisions: [],
    inserts: [],
    reopen: [],
    firstResponse: [],
    clock: [],
  };
  requests.forEach((request, index) => {
    const ticket = tickets.get(request.ticketId);
    if (ticket === undefined || !canAccessTicket(request.actor, ticket)) {
      plan.decisions.push({ kind: 'refuse', error: new TicketNotFound() });
      return;
    }
    if (request.clientId !== null) {
      const key = clientKey(request.ticketId, request.actor.id, request.clientId);
      const message = stored.get(key);
      if (message !== undefined) {
        plan.decisions.push({ kind: 'existing', message });
        return;
      }
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        plan.decisions.push({ kind: 'repeat', of: earlier });
        return;
      }
    }
    if (ticket.status === 'closed') {
      plan.decisions.push({ kind: 'refuse', error: new TicketClosed() });
      return;
    }
    if (request.clientId !== null)
      seen.set(clientKey(request.ticketId, request.actor.id, request.clientId), index);
    plan.decisions.push({ kind: 'insert', slot: plan.inserts.length });
    plan.inserts.push({
      ticketId: request.ticketId,
      senderId: request.actor.id,
      senderRole: request.actor.role,
      content: request.content,
      clientId: request.clientId,
    });
    const byOwner = ticket.userId === request.actor.id;
    if (byOwner && ticket.status === 'resolved') {
      ticket.status = 'open';
      plan.reopen.push({ ticketId: ticket.id, actorId: request.actor.id });
      plan.clock.push({
        ticketId: ticket.id,
        happening: { kind: 'status_changed', from: 'resolved', to: 'open' },
      });
    }
    const byStaff = request.actor.role !== 'user' && !byOwner;
    if (byOwner) plan.clock.push({ ticketId: ticket.id, happening: { kind: 'owner_message' } });
    if (byStaff) plan.clock.push({ ticketId: ticket.id, happening: { kind: 'staff_reply' } });
    if (byStaff && ticket.firstResponseAt === null) {
      ticket.firstResponseAt = new Date(0);
      plan.firstResponse.push(ticket.id);
    }
  });
  return plan;
}

/**
 * Takes the next batch out of `queue` (in place): the oldest sends whose tickets no batch in
 * flight holds, at most `max`. Once a ticket's send is left behind, that ticket's later sends
 * stay behind too, so each ticket's messages are stored in the order they arrived.
 */
export function takeBatch<T extends { ticketId: string }>(
  queue: T[],
  busyTickets: ReadonlySet<string>,
  max: number,
): T[] {
  const taken: T[] = [];
  const left: T[] = [];
  const held = new Set(busyTickets);
  for (const item of queue) {
    if (taken.length < max && !held.has(item.ticketId)) {
      taken.push(item);
      continue;
    }
    held.add(item.ticketId);
    left.push(item);
  }
  queue.splice(0, queue.length, ...left);
  return taken;
}
