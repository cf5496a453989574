// The /chat namespace's typed Socket.IO handles and room names, shared by the gateway, its
// handshake middleware and connection-state recovery.
import type { Namespace, Socket } from 'socket.io';
import type { Actor } from '@/auth/actor';
import type { ClientToServerEvents, ServerToClientEvents } from '@/chat/chat.contract';
import { canWorkQueue, type TicketActor } from '@/tickets/ticket-access.policy';

/** Travels with the socket (fetchSockets serialises it across instances): plain data only. */
export interface SocketData {
  actor: Actor;
  initialTicketId?: string;
  /** What a recovered socket missed, held back until its rooms have been re-checked. */
  missedPackets?: unknown[][];
}

export type ChatNamespace = Namespace<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;

export type ChatSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;

export const TICKET_ROOM_PREFIX = 'ticket:';
export const ticketRoom = (ticketId: string) => `${TICKET_ROOM_PREFIX}${ticketId}`;
/** A ticket's room for staff sockets only, joined and left with its ticket room: notes go here. */
export const STAFF_TICKET_ROOM_PREFIX = 'staff-ticket:';
export const staffTicketRoom = (ticketId: string) => `${STAFF_TICKET_ROOM_PREFIX}${ticketId}`;
/** The rooms a socket of `actor` holds for a ticket it is in: the ticket's, and staff's own. */
export const ticketRoomsFor = (actor: TicketActor, ticketId: string): string[] =>
  canWorkQueue(actor) ? [ticketRoom(ticketId), staffTicketRoom(ticketId)] : [ticketRoom(ticketId)];
export const userRoom = (userId: string) => `user:${userId}`;
export const sessionRoom = (sessionId: string) => `session:${sessionId}`;
/** Every CSR's and admin's sockets: presence and queue announcements. */
export const STAFF_ROOM = 'staff';
