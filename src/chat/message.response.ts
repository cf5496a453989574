import type { Message } from '@/chat/message.entity';
import type { ReadMarker } from '@/chat/read-marker.entity';
import type { Role } from '@/users/user.entity';

/** The wire shape of a chat message, the same over HTTP and Socket.IO. */
export interface MessageResponse {
  id: string;
  ticket_id: string;
  seq: number;
  sender_id: string;
  sender_role: Role;
  content: string;
  client_id: string | null;
  created_at: string;
}

export function toMessageResponse(message: Message): MessageResponse {
  return {
    id: message.id,
    ticket_id: message.ticketId,
    seq: message.seq,
    sender_id: message.senderId,
    sender_role: message.senderRole,
    content: message.content,
    client_id: message.clientId,
    created_at: message.createdAt.toISOString(),
  };
}

export interface ReadMarkerResponse {
  ticket_id: string;
  user_id: string;
  message_id: string;
  seq: number;
  read_at: string;
}

export function toReadMarkerResponse(marker: ReadMarker): ReadMarkerResponse {
  return {
    ticket_id: marker.ticketId,
    user_id: marker.userId,
    message_id: marker.messageId,
    seq: marker.seq,
    read_at: marker.updatedAt.toISOString(),
  };
}
