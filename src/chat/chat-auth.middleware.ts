// The /chat handshake, run before a socket is connected: who it is (the access token), how many
// sockets they already hold, the optional ?ticket_id= room, and a recovered socket's rooms.
import { Logger } from '@nestjs/common';
import { isUUID } from 'class-validator';
import type { Socket } from 'socket.io';
import type { AccessTokenVerifier } from '@/auth/access-token.verifier';
import { recheckRestoredRooms } from '@/chat/chat-recovery';
import { type ChatNamespace, type ChatSocket, userRoom } from '@/chat/chat-socket';
import type { MessagesService } from '@/chat/messages.service';
import { isDatabaseUnavailable } from '@/common/errors/database-unavailable';
import type { AppConfig } from '@/config/config';

const logger = new Logger('ChatGateway');

const HANDSHAKE_REFUSALS = new Set(['Unauthorized', 'Too many connections', 'Not found']);

export interface ChatHandshakeDeps {
  namespace: ChatNamespace;
  verifier: AccessTokenVerifier;
  messages: Pick<MessagesService, 'openTicket'>;
  config: Pick<AppConfig, 'maxSocketsPerUser'>;
}

/** The access token from `auth.token`, else the Authorization header, else `?token=`. */
export function extractToken(handshake: Socket['handshake']): string | undefined {
  const fromAuth: unknown = (handshake.auth as Record<string, unknown> | undefined)?.token;
  if (typeof fromAuth === 'string' && fromAuth.length > 0)
    return fromAuth.replace(/^Bearer\s+/i, '');
  const header = handshake.headers.authorization;
  const bearer = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header)?.[1] : undefined;
  if (bearer !== undefined) return bearer;
  const query = handshake.query.token;
  return typeof query === 'string' && query.length > 0 ? query : undefined;
}

/**
 * The namespace middleware. It runs on every connection, including one restored by
 * connection-state recovery, whose rooms are re-checked here: before the socket is connected and
 * can receive anything.
 */
export function chatAuthMiddleware(deps: ChatHandshakeDeps) {
  return (socket: ChatSocket, next: (error?: Error) => void): void => {
    authenticate(socket, deps)
      .then(() => (socket.recovered ? recheckRestoredRooms(socket, deps.messages) : undefined))
      .then(
        () => next(),
        (error: unknown) => next(handshakeError(error)),
      );
  };
}

async function authenticate(socket: ChatSocket, deps: ChatHandshakeDeps): Promise<void> {
  const { namespace, verifier, messages, config } = deps;
  const token = extractToken(socket.handshake);
  const actor = token === undefined ? null : await verifier.verify(token);
  if (actor === null) throw new Error('Unauthorized');
  // Counted across instances (through the adapter) so one account cannot hoard connections.
  const open = await namespace.in(userRoom(actor.id)).fetchSockets();
  if (open.length >= config.maxSocketsPerUser) throw new Error('Too many connections');
  socket.data.actor = actor;
  socket.data.initialTicketId = undefined;
  const ticketId = socket.handshake.query.ticket_id;
  if (ticketId === undefined) return;
  if (typeof ticketId !== 'string' || !isUUID(ticketId)) throw new Error('Not found');
  try {
    await messages.openTicket(actor, ticketId);
  } catch (error) {
    throw isDatabaseUnavailable(error) ? error : new Error('Not found');
  }
  socket.data.initialTicketId = ticketId;
}

/** The refusal a client sees: the reason given, never an internal error's text (an address). */
function handshakeError(error: unknown): Error {
  if (error instanceof Error && HANDSHAKE_REFUSALS.has(error.message)) return error;
  if (!isDatabaseUnavailable(error)) {
    logger.error('Handshake failed', error instanceof Error ? error.stack : String(error));
  }
  return new Error('Service unavailable');
}
