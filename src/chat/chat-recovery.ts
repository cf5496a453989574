// Connection-state recovery made safe: a recovered socket gets back only the rooms its actor may
// still be in, and only what it missed in those rooms.
import { Logger } from '@nestjs/common';
import {
  type ChatNamespace,
  type ChatSocket,
  TICKET_ROOM_PREFIX,
  ticketRoom,
} from '@/chat/chat-socket';
import type { MessagesService } from '@/chat/messages.service';

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

/** Recovery restores rooms as they were; keep only those the actor may still be in. */
export async function recheckRestoredRooms(
  socket: ChatSocket,
  messages: Pick<MessagesService, 'openTicket'>,
): Promise<void> {
  for (const room of socket.rooms) {
    if (!room.startsWith(TICKET_ROOM_PREFIX)) continue;
    const ticketId = room.slice(TICKET_ROOM_PREFIX.length);
    try {
      await messages.openTicket(socket.data.actor, ticketId);
    } catch {
      await socket.leave(room);
      logger.debug(`Recovered socket dropped from ${room}`);
    }
  }
}

/**
 * Every chat broadcast is about one ticket; pass on only those of rooms the socket still holds.
 * csat_requested goes to the owner's own user room, never a ticket room: it was the socket's own
 * (the user is re-checked on reconnection), so it passes.
 */
export function replayMissedPackets(socket: ChatSocket): void {
  const packets = socket.data.missedPackets ?? [];
  delete socket.data.missedPackets;
  for (const packet of packets) {
    const [event, payload] = packet as [string, { id?: unknown; ticket_id?: unknown } | undefined];
    const ticketId = event === 'ticket_updated' ? payload?.id : payload?.ticket_id;
    if (typeof ticketId !== 'string') continue;
    if (event !== 'csat_requested' && !socket.rooms.has(ticketRoom(ticketId))) continue;
    // The packet keeps its offset as the last argument, as Socket.IO itself would send it.
    (socket.emit as (...args: unknown[]) => boolean)(...packet);
  }
}
