// The /chat namespace: authenticates each connection, keeps sockets in their ticket rooms, and
// relays the chat module's and the tickets module's events to those rooms on every instance.
import { Inject, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import {
  ConnectedSocket,
  MessageBody,
  OnGatewayConnection,
  OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import { isUUID } from 'class-validator';
import type { Namespace, Socket } from 'socket.io';
import { AccessTokenVerifier } from '@/auth/access-token.verifier';
import type { Actor } from '@/auth/actor';
import {
  SESSIONS_REVOKED,
  SessionsRevokedEvent,
  USER_ACCESS_CHANGED,
  UserAccessChangedEvent,
} from '@/auth/auth.events';
import { MESSAGE_CREATED, MessageCreatedEvent } from '@/chat/chat.events';
import { JoinDto, ReadDto, SendMessageDto, TicketRefDto, TypingDto } from '@/chat/dto/chat.dto';
import { SendRateLimiter } from '@/chat/send-rate-limiter';
import { toMessageResponse, toReadMarkerResponse } from '@/chat/message.response';
import { MessagesService } from '@/chat/messages.service';
import { AckError, acknowledge, parsePayload } from '@/chat/socket-payload';
import { TooManyRequests } from '@/common/errors/domain-errors';
import { isDatabaseUnavailable } from '@/common/errors/database-unavailable';
import type { AppConfig } from '@/config/config';
import { APP_CONFIG } from '@/config/config.module';
import { TICKET_UPDATED, TicketUpdatedEvent } from '@/tickets/ticket.events';
import { toTicketResponse } from '@/tickets/ticket.response';

/** Travels with the socket (fetchSockets serialises it across instances): plain data only. */
interface SocketData {
  actor: Actor;
  initialTicketId?: string;
  /** What a recovered socket missed, held back until its rooms have been re-checked. */
  missedPackets?: unknown[][];
}

/** This instance's bookkeeping for one of its sockets. */
interface LocalState {
  limiter: SendRateLimiter;
  /** Keeps one socket's messages in the order they were sent. */
  sendQueue: Promise<unknown>;
}

type ChatSocket = Socket<
  Record<string, never>,
  Record<string, never>,
  Record<string, never>,
  SocketData
>;

const ticketRoom = (ticketId: string) => `ticket:${ticketId}`;
const userRoom = (userId: string) => `user:${userId}`;
const sessionRoom = (sessionId: string) => `session:${sessionId}`;

type Session = Awaited<ReturnType<Namespace['adapter']['restoreSession']>>;

/**
 * Socket.IO writes a recovered session's missed packets to the wire as soon as it restores the
 * session, before the middlewares run: a user deactivated or a CSR unassigned while away would
 * receive them. Keep them in the socket's data instead; replayMissedPackets sends what is allowed.
 */
function holdBackMissedPackets(namespace: Namespace): void {
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

/** Every chat broadcast is about one ticket; pass on only those of rooms the socket still holds. */
function replayMissedPackets(socket: ChatSocket): void {
  const packets = socket.data.missedPackets ?? [];
  delete socket.data.missedPackets;
  for (const packet of packets) {
    const [event, payload] = packet as [string, { id?: unknown; ticket_id?: unknown } | undefined];
    const ticketId = event === 'ticket_updated' ? payload?.id : payload?.ticket_id;
    if (typeof ticketId !== 'string' || !socket.rooms.has(ticketRoom(ticketId))) continue;
    // The packet keeps its offset as the last argument, as Socket.IO itself would send it.
    (socket.emit as (...args: unknown[]) => boolean)(...packet);
  }
}

const CLIENT_EVENTS = new Set(['join', 'leave', 'message', 'typing', 'read']);
const HANDSHAKE_REFUSALS = new Set(['Unauthorized', 'Too many connections', 'Not found']);

/** Every client event takes an ack: one that no handler answers gets a 404 instead of silence. */
function answerUnknownEvent(event: string, ...args: unknown[]): void {
  const ack = args[args.length - 1];
  if (CLIENT_EVENTS.has(event) || typeof ack !== 'function') return;
  (ack as (answer: AckError) => void)({
    ok: false,
    error: { status: 404, detail: 'Unknown event' },
  });
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

@WebSocketGateway({ namespace: '/chat' })
export class ChatGateway implements OnGatewayInit, OnGatewayConnection {
  private readonly logger = new Logger(ChatGateway.name);
  private readonly local = new WeakMap<ChatSocket, LocalState>();

  @WebSocketServer()
  private readonly server!: Namespace;

  constructor(
    private readonly verifier: AccessTokenVerifier,
    private readonly messages: MessagesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  afterInit(namespace: Namespace): void {
    holdBackMissedPackets(namespace);
    // Runs on every connection, including one restored by connection-state recovery, whose
    // rooms are re-checked here: before the socket is connected and can receive anything.
    namespace.use((socket: ChatSocket, next) => {
      this.authenticate(socket)
        .then(() => (socket.recovered ? this.recheckRestoredRooms(socket) : undefined))
        .then(
          () => next(),
          (error: unknown) => next(this.handshakeError(error)),
        );
    });
  }

  async handleConnection(socket: ChatSocket): Promise<void> {
    // First, before anything newer can reach the socket: what it missed in the rooms it kept.
    replayMissedPackets(socket);
    socket.onAny(answerUnknownEvent);
    const { actor, initialTicketId } = socket.data;
    this.local.set(socket, this.newState());
    await socket.join([userRoom(actor.id), sessionRoom(actor.sessionId)]);
    if (initialTicketId !== undefined) await socket.join(ticketRoom(initialTicketId));
  }

  @SubscribeMessage('join')
  join(@ConnectedSocket() socket: ChatSocket, @MessageBody() payload: unknown) {
    return acknowledge(async () => {
      const body = await parsePayload(JoinDto, payload);
      const { ticket, messages } = await this.messages.join(
        socket.data.actor,
        body.ticket_id,
        body.after_seq,
      );
      await socket.join(ticketRoom(ticket.id));
      return { ticket: toTicketResponse(ticket), messages: messages.map(toMessageResponse) };
    });
  }

  @SubscribeMessage('leave')
  leave(@ConnectedSocket() socket: ChatSocket, @MessageBody() payload: unknown) {
    return acknowledge(async () => {
      const body = await parsePayload(TicketRefDto, payload);
      const room = ticketRoom(body.ticket_id);
      // A ticket the actor may not see is not found here either, as for every other event.
      if (!socket.rooms.has(room))
        await this.messages.openTicket(socket.data.actor, body.ticket_id);
      await socket.leave(room);
      return {};
    });
  }

  @SubscribeMessage('message')
  message(@ConnectedSocket() socket: ChatSocket, @MessageBody() payload: unknown) {
    return acknowledge(async () => {
      const state = this.stateOf(socket);
      const retryAfter = state.limiter.take();
      if (retryAfter > 0) throw new TooManyRequests('Too many messages; slow down', retryAfter);
      // Sends of one socket enter the writer in the order they arrived (the writer keeps that
      // order in seq); only validation and enqueueing are serialised, not the writes.
      const turn = state.sendQueue.then(async () => {
        const body = await parsePayload(SendMessageDto, payload);
        const pending = this.messages.send(
          socket.data.actor,
          body.ticket_id,
          body.content,
          body.client_id ?? null,
        );
        return { pending };
      });
      state.sendQueue = turn.catch(() => undefined);
      const { message } = await (await turn).pending;
      return { message: toMessageResponse(message) };
    });
  }

  @SubscribeMessage('typing')
  typing(@ConnectedSocket() socket: ChatSocket, @MessageBody() payload: unknown) {
    return acknowledge(async () => {
      const body = await parsePayload(TypingDto, payload);
      const room = ticketRoom(body.ticket_id);
      if (!socket.rooms.has(room))
        await this.messages.openTicket(socket.data.actor, body.ticket_id);
      socket.to(room).emit('typing', {
        ticket_id: body.ticket_id,
        user_id: socket.data.actor.id,
        is_typing: body.is_typing,
      });
      return {};
    });
  }

  @SubscribeMessage('read')
  read(@ConnectedSocket() socket: ChatSocket, @MessageBody() payload: unknown) {
    return acknowledge(async () => {
      const body = await parsePayload(ReadDto, payload);
      const marker = await this.messages.markRead(
        socket.data.actor,
        body.ticket_id,
        body.message_id,
      );
      const read = toReadMarkerResponse(marker);
      this.server.to(ticketRoom(body.ticket_id)).emit('read', {
        ticket_id: read.ticket_id,
        user_id: read.user_id,
        message_id: read.message_id,
      });
      return { read };
    });
  }

  @OnEvent(MESSAGE_CREATED)
  onMessageCreated({ message }: MessageCreatedEvent): void {
    this.server.to(ticketRoom(message.ticket_id)).emit('message', message);
  }

  @OnEvent(TICKET_UPDATED)
  onTicketUpdated({ ticket, previousAssigneeId }: TicketUpdatedEvent): void {
    const room = ticketRoom(ticket.id);
    this.server.to(room).emit('ticket_updated', ticket);
    // The previous CSR is no longer a participant: their sockets leave, on every instance.
    if (
      previousAssigneeId !== undefined &&
      previousAssigneeId !== null &&
      previousAssigneeId !== ticket.user_id
    ) {
      this.server.in(userRoom(previousAssigneeId)).socketsLeave(room);
    }
  }

  @OnEvent(SESSIONS_REVOKED)
  onSessionsRevoked({ sessionIds }: SessionsRevokedEvent): void {
    for (const sessionId of sessionIds)
      this.server.in(sessionRoom(sessionId)).disconnectSockets(true);
  }

  @OnEvent(USER_ACCESS_CHANGED)
  onUserAccessChanged({ userId }: UserAccessChangedEvent): void {
    this.server.in(userRoom(userId)).disconnectSockets(true);
  }

  private stateOf(socket: ChatSocket): LocalState {
    let state = this.local.get(socket);
    if (state === undefined) {
      state = this.newState();
      this.local.set(socket, state);
    }
    return state;
  }

  private newState(): LocalState {
    return {
      limiter: new SendRateLimiter(this.config.chatMessagesPer10s),
      sendQueue: Promise.resolve(),
    };
  }

  private async authenticate(socket: ChatSocket): Promise<void> {
    const token = extractToken(socket.handshake);
    const actor = token === undefined ? null : await this.verifier.verify(token);
    if (actor === null) throw new Error('Unauthorized');
    // Counted across instances (through the adapter) so one account cannot hoard connections.
    const open = await this.server.in(userRoom(actor.id)).fetchSockets();
    if (open.length >= this.config.maxSocketsPerUser) throw new Error('Too many connections');
    socket.data.actor = actor;
    socket.data.initialTicketId = undefined;
    const ticketId = socket.handshake.query.ticket_id;
    if (ticketId === undefined) return;
    if (typeof ticketId !== 'string' || !isUUID(ticketId)) throw new Error('Not found');
    try {
      await this.messages.openTicket(actor, ticketId);
    } catch (error) {
      throw isDatabaseUnavailable(error) ? error : new Error('Not found');
    }
    socket.data.initialTicketId = ticketId;
  }

  /** The refusal a client sees: the reason given, never an internal error's text (an address). */
  private handshakeError(error: unknown): Error {
    if (error instanceof Error && HANDSHAKE_REFUSALS.has(error.message)) return error;
    if (!isDatabaseUnavailable(error)) {
      this.logger.error('Handshake failed', error instanceof Error ? error.stack : String(error));
    }
    return new Error('Service unavailable');
  }

  /** Recovery restores rooms as they were; keep only those the actor may still be in. */
  private async recheckRestoredRooms(socket: ChatSocket): Promise<void> {
    for (const room of socket.rooms) {
      if (!room.startsWith('ticket:')) continue;
      const ticketId = room.slice('ticket:'.length);
      try {
        await this.messages.openTicket(socket.data.actor, ticketId);
      } catch {
        await socket.leave(room);
        this.logger.debug(`Recovered socket dropped from ${room}`);
      }
    }
  }
}
