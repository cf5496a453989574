// A typed Socket.IO client for support widgets. Event names and payloads come from the same
// schemas as the server's DTOs (contract/openapi.json components, see contract/asyncapi.json).
import { io, type Socket } from 'socket.io-client';
import type { components } from './schema';

type Schemas = components['schemas'];
export type ChatMessage = Schemas['MessageResponse'];
export type ChatTicket = Schemas['TicketResponse'];
export type ReadMarker = Schemas['ReadMarkerResponse'];

export type AckError = { ok: false; error: { status: number; detail: string } };
export type Ack<T extends object = object> = ({ ok: true } & T) | AckError;

export interface ServerToClient {
  message: (message: ChatMessage) => void;
  typing: (event: { ticket_id: string; user_id: string; is_typing: boolean }) => void;
  read: (event: { ticket_id: string; user_id: string; message_id: string }) => void;
  ticket_updated: (ticket: ChatTicket) => void;
  /** Staff sockets only. */
  presence: (event: {
    user_id: string;
    presence: 'online' | 'away' | 'offline';
    load: number;
    capacity: number | null;
  }) => void;
  /** Staff sockets only. */
  ticket_queued: (event: { ticket: ChatTicket }) => void;
  /** The assignee's sockets. */
  ticket_assigned: (event: {
    ticket: ChatTicket;
    reason: 'created' | 'queue' | 'manual' | 'requeued';
  }) => void;
}

export interface ClientToServer {
  join: (
    payload: Schemas['JoinDto'],
    ack: (answer: Ack<{ ticket: ChatTicket; messages: ChatMessage[] }>) => void,
  ) => void;
  leave: (payload: Schemas['TicketRefDto'], ack: (answer: Ack) => void) => void;
  message: (
    payload: Schemas['SendMessageDto'],
    ack: (answer: Ack<{ message: ChatMessage }>) => void,
  ) => void;
  typing: (payload: Schemas['TypingDto'], ack: (answer: Ack) => void) => void;
  read: (payload: Schemas['ReadDto'], ack: (answer: Ack<{ read: ReadMarker }>) => void) => void;
}

export type ChatSocket = Socket<ServerToClient, ClientToServer>;

/** Connects to /chat with an access token (optionally joining one ticket's room at once). */
export function connectChat(baseUrl: string, token: string, ticketId?: string): ChatSocket {
  return io(`${baseUrl}/chat`, {
    auth: { token },
    query: ticketId === undefined ? {} : { ticket_id: ticketId },
  });
}

type AnswerOf<E extends keyof ClientToServer> = Parameters<Parameters<ClientToServer[E]>[1]>[0];

/** Emits a client event and resolves with its typed acknowledgement (rejects after `timeoutMs`). */
export function request<E extends keyof ClientToServer>(
  socket: ChatSocket,
  event: E,
  payload: Parameters<ClientToServer[E]>[0],
  timeoutMs = 10_000,
): Promise<AnswerOf<E>> {
  const emitter = socket.timeout(timeoutMs) as unknown as {
    emitWithAck(name: string, body: unknown): Promise<unknown>;
  };
  return emitter.emitWithAck(event, payload) as Promise<AnswerOf<E>>;
}
