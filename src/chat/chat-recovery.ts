// Connection-state recovery made safe: a recovered socket gets back only the rooms its actor may
// still be in, and only what it missed in those rooms.
import { Logger } from '@nestjs/common';
import {
  type ChatNamespace,
  type ChatSocket,
  STAFF_ROOM,
  STAFF_TICKET_ROOM_PREFIX,
  staffTicketRoom,
  TICKET_ROOM_PREFIX,
  ticketRoom,
  userRoom,
} from '@/chat/chat-socket';
import type { MessagesService } from '@/chat/messages.service';
import { canWorkQueue } from '@/tickets/ticket-access.policy';

const logger = new Logger('ChatGateway');

type Session = Awaited<ReturnType<ChatNamespace['adapter']['restoreSession']>>;

/**
 * Socket.IO writes a recovered session's missed packets to the wire as soon as it restores the
 * session, before the middlewares run: a user deactivated or a CSR unassigned while away would
 * receive them. Keep them in the socket's data instead; replayMissedPackets sends what is allowed.
 */
export function holdBackMissedPackets(namespace: ChatNamespace): void {
  const adapter = namespace.adapter;
  const restore = adapter.restoreSession.bind(adapter);
  adapter.restoreSession = async (pid, offset) => {
    // Typed as always found; the adapters answer null for an unknown or expired session.
    const session = (await restore(pid, offset)) as Session | null;
    if (session === null) return session as unknown as Session;
    const data = { ...(session.data as object), missedPackets: session.missedPackets };
    return { ...session, data, missedPackets: [] };
  };
}

/**
 * Recovery restores rooms as they were; keep only those the actor may still be in. A staff
 * room (notes) is kept only for staff, and only with the ticket room it was joined with.
 */
export async function recheckRestoredRooms(
  socket: ChatSocket,
  messages: Pick<MessagesService, 'openTicket'>,
): Promise<void> {
  const staff = canWorkQueue(socket.data.actor);
  for (const room of [...socket.rooms]) {
    if (room === STAFF_ROOM && !staff) {
      await socket.leave(room);
      logger.debug(`Recovered socket dropped from ${room}`);
      continue;
    }
    if (room.startsWith(STAFF_TICKET_ROOM_PREFIX)) {
      // Checked with its ticket room below; here only whether the actor is still staff.
      if (staff) continue;
      await socket.leave(room);
      logger.debug(`Recovered socket dropped from ${room}`);
      continue;
    }
    if (!room.startsWith(TICKET_ROOM_PREFIX)) continue;
    const ticketId = room.slice(TICKET_ROOM_PREFIX.length);
    try {
      await messages.openTicket(socket.data.actor, ticketId);
    } catch {
      await socket.leave(room);
      await socket.leave(staffTicketRoom(ticketId));
      logger.debug(`Recovered socket dropped from ${room}`);
    }
  }
}

/** The room a missed packet must still be held for to be replayed; null: never replayed. */
function replayRoom(socket: ChatSocket, event: string, payload: unknown): string | null {
  const { id, ticket_id: ticketId } = (payload ?? {}) as { id?: unknown; ticket_id?: unknown };
  switch (event) {
    case 'ticket_updated':
      return typeof id === 'string' ? ticketRoom(id) : null;
    // Notes are the staff's: only from the staff room, only to a socket still staff.
    case 'note':
      return typeof ticketId === 'string' && canWorkQueue(socket.data.actor)
        ? staffTicketRoom(ticketId)
        : null;
    // A mention went to the person (their user room), whichever ticket rooms they held.
    case 'mention':
      return canWorkQueue(socket.data.actor) ? userRoom(socket.data.actor.id) : null;
    // The owner's own user room, never a ticket room (the user is re-checked on reconnection).
    case 'csat_requested':
      return userRoom(socket.data.actor.id);
    default:
      return typeof ticketId === 'string' ? ticketRoom(ticketId) : null;
  }
}

/** Pass on only the missed packets of rooms the socket still holds (see replayRoom). */
export function replayMissedPackets(socket: ChatSocket): void {
  const packets = socket.data.missedPackets ?? [];
  delete socket.data.missedPackets;
  for (const packet of packets) {
    const [event, payload] = packet as [string, unknown];
    const room = replayRoom(socket, event, payload);
    if (room === null || !socket.rooms.has(room)) continue;
    // The packet keeps its offset as the last argument, as Socket.IO itself would send it.
    (socket.emit as (...args: unknown[]) => boolean)(...packet);
  }
}
