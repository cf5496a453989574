// The /chat namespace's typed Socket.IO handles and room names, shared by the gateway, its
// handshake middleware and connection-state recovery.
import type { Namespace, Socket } from 'socket.io';
import type { Actor } from '@/auth/actor';
import type { ClientToServerEvents, ServerToClientEvents } from '@/chat/chat.contract';

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
export const userRoom = (userId: string) => `user:${userId}`;
export const sessionRoom = (sessionId: string) => `session:${sessionId}`;
/** Every CSR's and admin's sockets: presence and queue announcements. */
export const STAFF_ROOM = 'staff';
