// The /chat namespace's event handlers: keeps sockets in their ticket rooms and relays the chat
// module's and the tickets module's events to those rooms on every instance. The handshake is
// chat-auth.middleware.ts, connection-state recovery chat-recovery.ts, the events chat.contract.ts.
import { Inject } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { SLA_ALERT, SlaAlertPublished } from '@/sla/sla.events';
import {
  ConnectedSocket,
  MessageBody,
  OnGatewayConnection,
  OnGatewayDisconnect,
  OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import { AccessTokenVerifier } from '@/auth/access-token.verifier';
import type { Actor } from '@/auth/actor';
import {
  SESSIONS_REVOKED,
  SessionsRevokedEvent,
  USER_ACCESS_CHANGED,
  UserAccessChangedEvent,
} from '@/auth/auth.events';
import { chatAuthMiddleware } from '@/chat/chat-auth.middleware';
import { type AnswerOf, CLIENT_EVENTS } from '@/chat/chat.contract';
import { MESSAGE_CREATED, MessageCreatedEvent } from '@/chat/chat.events';
import { holdBackMissedPackets, replayMissedPackets } from '@/chat/chat-recovery';
import {
  type ChatNamespace,
  type ChatSocket,
  sessionRoom,
  STAFF_ROOM,
  staffTicketRoom,
  ticketRoom,
  ticketRoomsFor,
  userRoom,
} from '@/chat/chat-socket';
import { JoinDto, ReadDto, SendMessageDto, TicketRefDto, TypingDto } from '@/chat/dto/chat.dto';
import { SendRateLimiter } from '@/chat/send-rate-limiter';
import { toMessageResponse, toReadMarkerResponse } from '@/chat/message.response';
import { MessagesService } from '@/chat/messages.service';
import { AckError, acknowledge, parsePayload } from '@/chat/socket-payload';
import { TooManyRequests } from '@/common/errors/domain-errors';
import type { AppConfig } from '@/config/config';
import { APP_CONFIG } from '@/config/config.module';
import { PresenceService } from '@/routing/presence.service';
import {
  AGENT_PRESENCE,
  AgentPresenceEvent,
  TICKET_ASSIGNED,
  TICKET_QUEUED,
  TicketAssignedEvent,
  TicketQueuedEvent,
} from '@/routing/routing.events';
import { canWorkQueue } from '@/tickets/ticket-access.policy';
import { TICKET_UPDATED, TicketUpdatedEvent } from '@/tickets/ticket.events';
import { toTicketResponse } from '@/tickets/ticket.response';
import { SendNoteDto } from '@/notes/dto/notes.dto';
import { toNoteResponse } from '@/notes/note.response';
import { NOTE_CREATED, NoteCreatedEvent } from '@/notes/notes.events';
import { NotesService } from '@/notes/notes.service';

/** This instance's bookkeeping for one of its sockets. */
interface LocalState {
  limiter: SendRateLimiter;
  /** Keeps one socket's messages in the order they were sent. */
  sendQueue: Promise<unknown>;
}

const KNOWN_EVENTS: ReadonlySet<string> = new Set(Object.keys(CLIENT_EVENTS));

/** Every client event takes an ack: one that no handler answers gets a 404 instead of silence. */
function answerUnknownEvent(event: string, ...args: unknown[]): void {
  const ack = args[args.length - 1];
  if (KNOWN_EVENTS.has(event) || typeof ack !== 'function') return;
  (ack as (answer: AckError) => void)({
    ok: false,
    error: { status: 404, detail: 'Unknown event' },
  });
}

@WebSocketGateway({ namespace: '/chat' })
export class ChatGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect {
  private readonly local = new WeakMap<ChatSocket, LocalState>();

  @WebSocketServer()
  private readonly server!: ChatNamespace;

  constructor(
    private readonly verifier: AccessTokenVerifier,
    private readonly messages: MessagesService,
    private readonly notes: NotesService,
    private readonly presence: PresenceService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  afterInit(namespace: ChatNamespace): void {
    holdBackMissedPackets(namespace);
    namespace.use(
      chatAuthMiddleware({
        namespace,
        verifier: this.verifier,
        messages: this.messages,
        config: this.config,
      }),
    );
  }

  async handleConnection(socket: ChatSocket): Promise<void> {
    // First, before anything newer can reach the socket: what it missed in the rooms it kept.
    replayMissedPackets(socket);
    socket.onAny(answerUnknownEvent);
    const { actor, initialTicketId } = socket.data;
    this.local.set(socket, this.newState());
    await socket.join([userRoom(actor.id), sessionRoom(actor.sessionId)]);
    if (initialTicketId !== undefined) await socket.join(ticketRoomsFor(actor, initialTicketId));
    if (canWorkQueue(actor)) {
      await socket.join(STAFF_ROOM);
      await this.presence.socketConnected(socket.id, actor.id);
    }
  }

  handleDisconnect(socket: ChatSocket): void {
    const actor = socket.data.actor as Actor | undefined;
    if (actor !== undefined && canWorkQueue(actor)) {
      void this.presence.socketDisconnected(socket.id, actor.id);
    }
  }

  @SubscribeMessage('join')
  join(
    @ConnectedSocket() socket: ChatSocket,
    @MessageBody() payload: unknown,
  ): Promise<AnswerOf<'join'>> {
    return acknowledge(async () => {
      const body = await parsePayload(JoinDto, payload);
      const { ticket, messages } = await this.messages.join(
        socket.data.actor,
        body.ticket_id,
        body.after_seq,
      );
      await socket.join(ticketRoomsFor(socket.data.actor, ticket.id));
      return { ticket: toTicketResponse(ticket), messages: messages.map(toMessageResponse) };
    });
  }

  @SubscribeMessage('leave')
  leave(
    @ConnectedSocket() socket: ChatSocket,
    @MessageBody() payload: unknown,
  ): Promise<AnswerOf<'leave'>> {
    return acknowledge(async () => {
      const body = await parsePayload(TicketRefDto, payload);
      const room = ticketRoom(body.ticket_id);
      // A ticket the actor may not see is not found here either, as for every other event.
      if (!socket.rooms.has(room))
        await this.messages.openTicket(socket.data.actor, body.ticket_id);
      await socket.leave(room);
      await socket.leave(staffTicketRoom(body.ticket_id));
      return {};
    });
  }

  @SubscribeMessage('message')
  message(
    @ConnectedSocket() socket: ChatSocket,
    @MessageBody() payload: unknown,
  ): Promise<AnswerOf<'message'>> {
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
          body.attachment_ids,
        );
        return { pending };
      });
      state.sendQueue = turn.catch(() => undefined);
      const { message } = await (await turn).pending;
      return { message: toMessageResponse(message) };
    });
  }

  @SubscribeMessage('note')
  note(
    @ConnectedSocket() socket: ChatSocket,
    @MessageBody() payload: unknown,
  ): Promise<AnswerOf<'note'>> {
    return acknowledge(async () => {
      // Refused before the payload is even read: a user learns nothing from this event.
      this.notes.authorize(socket.data.actor);
      // One budget per socket for everything it writes.
      const retryAfter = this.stateOf(socket).limiter.take();
      if (retryAfter > 0) throw new TooManyRequests('Too many messages; slow down', retryAfter);
      const body = await parsePayload(SendNoteDto, payload);
      const { note } = await this.notes.create(socket.data.actor, body.ticket_id, {
        content: body.content,
        clientId: body.client_id ?? null,
        mentions: body.mentions ?? [],
      });
      return { note: toNoteResponse(note) };
    });
  }

  @SubscribeMessage('typing')
  typing(
    @ConnectedSocket() socket: ChatSocket,
    @MessageBody() payload: unknown,
  ): Promise<AnswerOf<'typing'>> {
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
  read(
    @ConnectedSocket() socket: ChatSocket,
    @MessageBody() payload: unknown,
  ): Promise<AnswerOf<'read'>> {
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

  /**
   * Staff sockets in the ticket's room only; the owner's are excepted by name as well, in case
   * the owner is staff themselves. Mentions reach every socket of the person, on every instance.
   */
  @OnEvent(NOTE_CREATED)
  onNoteCreated({ note, ownerId }: NoteCreatedEvent): void {
    const owner = userRoom(ownerId);
    this.server.to(staffTicketRoom(note.ticket_id)).except(owner).emit('note', note);
    if (note.mentions.length > 0) {
      this.server
        .to(note.mentions.map(userRoom))
        .except(owner)
        .emit('mention', { ticket_id: note.ticket_id, note });
    }
  }

  @OnEvent(TICKET_UPDATED)
  onTicketUpdated({ ticket, previousAssigneeId, previousStatus }: TicketUpdatedEvent): void {
    const room = ticketRoom(ticket.id);
    this.server.to(room).emit('ticket_updated', ticket);
    // previousStatus is set only when the status changed, so this is entering resolved.
    if (previousStatus !== undefined && ticket.status === 'resolved') {
      this.server.to(userRoom(ticket.user_id)).emit('csat_requested', { ticket_id: ticket.id });
    }
    // The previous CSR is no longer a participant (unless watching): their sockets leave, on
    // every instance.
    if (
      previousAssigneeId !== undefined &&
      previousAssigneeId !== null &&
      previousAssigneeId !== ticket.user_id &&
      !ticket.watcher_ids.includes(previousAssigneeId)
    ) {
      this.server.in(userRoom(previousAssigneeId)).socketsLeave([room, staffTicketRoom(ticket.id)]);
    }
  }

  /** Every staff socket, and the assignee's (an admin assignee is staff already: one copy). */
  @OnEvent(SLA_ALERT)
  onSlaAlert({ event, payload }: SlaAlertPublished): void {
    const assignee = payload.ticket.assigned_to_id;
    const rooms = assignee === null ? [STAFF_ROOM] : [STAFF_ROOM, userRoom(assignee)];
    this.server.to(rooms).emit(event, payload);
  }

  @OnEvent(AGENT_PRESENCE)
  onAgentPresence(event: AgentPresenceEvent): void {
    this.server.to(STAFF_ROOM).emit('presence', event);
  }

  @OnEvent(TICKET_QUEUED)
  onTicketQueued(event: TicketQueuedEvent): void {
    this.server.to(STAFF_ROOM).emit('ticket_queued', event);
  }

  @OnEvent(TICKET_ASSIGNED)
  onTicketAssigned(event: TicketAssignedEvent): void {
    if (event.ticket.assigned_to_id === null) return;
    this.server.to(userRoom(event.ticket.assigned_to_id)).emit('ticket_assigned', event);
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
}
