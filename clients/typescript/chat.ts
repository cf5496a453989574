// A typed Socket.IO client for support widgets. Events, payloads and acknowledgements are the
// server's own socket contract (src/chat/chat.contract.ts, imported as types only, so nothing of
// the server is bundled); contract/asyncapi.json documents the same events.
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import type {
  AnswerOf,
  ClientEvent,
  ClientToServerEvents,
  PayloadOf,
  ServerToClientEvents,
} from '../../src/chat/chat.contract';

export type {
  Ack,
  AckError,
  AnswerOf,
  ClientEvent,
  ClientToServerEvents,
  PayloadOf,
  ServerToClientEvents,
} from '../../src/chat/chat.contract';
export type ChatMessage = Parameters<ServerToClientEvents['message']>[0];
export type ChatTicket = Parameters<ServerToClientEvents['ticket_updated']>[0];
export type CsatRequested = Parameters<ServerToClientEvents['csat_requested']>[0];
export type ReadMarker = Extract<AnswerOf<'read'>, { ok: true }>['read'];
/** Staff only: an internal note (the `note` event and ack) and a mention of you in one. */
export type ChatNote = Parameters<ServerToClientEvents['note']>[0];
export type ChatMention = Parameters<ServerToClientEvents['mention']>[0];

export type ChatSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** An access token, or a function that gives a live one at each (re)connection. */
export type TokenSource = string | (() => Promise<string | undefined>);

/** Connects to /chat with an access token (optionally joining one ticket's room at once). */
export function connectChat(
  baseUrl: string,
  token: TokenSource,
  ticketId?: string,
  options: Partial<ManagerOptions & SocketOptions> = {},
): ChatSocket {
  return io(`${baseUrl}/chat`, {
    ...options,
    // A function is asked again on every reconnection, so a refreshed token is the one sent.
    auth:
      typeof token === 'string'
        ? { token }
        : (send: (data: object) => void) => {
            void token().then((live) => send({ token: live }));
          },
    query: ticketId === undefined ? {} : { ticket_id: ticketId },
  });
}

/** Emits a client event and resolves with its typed acknowledgement (rejects after `timeoutMs`). */
export function request<E extends ClientEvent>(
  socket: ChatSocket,
  event: E,
  payload: PayloadOf<E>,
  timeoutMs = 10_000,
): Promise<AnswerOf<E>> {
  const emitter = socket.timeout(timeoutMs) as unknown as {
    emitWithAck(name: string, body: unknown): Promise<unknown>;
  };
  return emitter.emitWithAck(event, payload) as Promise<AnswerOf<E>>;
}
