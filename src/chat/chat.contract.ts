// The /chat namespace's contract, declared once: each event, its payload and its acknowledgement.
// It types the gateway's Namespace and Socket, feeds the AsyncAPI document (src/docs/asyncapi.ts)
// and is imported, types only, by clients/typescript/chat.ts: a renamed field fails on both sides.
import { ApiProperty, PickType } from '@nestjs/swagger';
import { JoinDto, ReadDto, SendMessageDto, TicketRefDto, TypingDto } from '@/chat/dto/chat.dto';
import { MessageResponse, ReadMarkerResponse } from '@/chat/message.response';
import type { Ack } from '@/chat/socket-payload';
import { SendNoteDto } from '@/notes/dto/notes.dto';
import { MentionEvent, NoteResponse } from '@/notes/note.response';
import {
  AgentPresenceEvent,
  TicketAssignedEvent,
  TicketQueuedEvent,
} from '@/routing/routing.events';
import { SlaAlertEvent } from '@/sla/sla.response';
import { TicketResponse } from '@/tickets/ticket.response';

export type { Ack, AckError } from '@/chat/socket-payload';

/** Sent to the others in a ticket's room while someone types. */
export class TypingEvent {
  @ApiProperty({ format: 'uuid', example: '3f1c2a9e-8a61-4a36-9d0e-1c5b3f4a2b7d' })
  ticket_id!: string;

  @ApiProperty({ format: 'uuid', example: '6b0f3d1e-2c4a-4b8e-9f1a-3d5c7e9b1a2c' })
  user_id!: string;

  @ApiProperty({ example: true })
  is_typing!: boolean;
}

/** Sent to a ticket's room when a participant's read marker moves. */
export class ReadEvent extends PickType(ReadMarkerResponse, [
  'ticket_id',
  'user_id',
  'message_id',
] as const) {}

/** Sent to every socket of a ticket's owner when the ticket becomes resolved: ask for a rating. */
export class CsatRequestedEvent {
  @ApiProperty({ format: 'uuid', example: '3f1c2a9e-8a61-4a36-9d0e-1c5b3f4a2b7d' })
  ticket_id!: string;
}

/** A class whose OpenAPI schema (by its name) and instance type describe one wire shape. */
export type Model = abstract new (...args: never[]) => object;

export interface ClientEventSpec {
  summary: string;
  payload: Model;
  /** The fields of a successful acknowledgement besides `ok`: a model, or `[model]` for a list. */
  ack: Record<string, Model | readonly [Model]>;
}

export interface ServerEventSpec {
  summary: string;
  payload: Model;
}

/** What a client may emit; every event takes an acknowledgement. */
export const CLIENT_EVENTS = {
  join: {
    summary:
      'Join a ticket’s room; get the ticket and its messages after after_seq (else the last 50)',
    payload: JoinDto,
    ack: { ticket: TicketResponse, messages: [MessageResponse] },
  },
  leave: { summary: 'Leave a ticket’s room', payload: TicketRefDto, ack: {} },
  message: {
    summary: 'Send a message: stored, then acked and broadcast; idempotent with client_id',
    payload: SendMessageDto,
    ack: { message: MessageResponse },
  },
  typing: {
    summary: 'Tell the others in the room whether you are typing (not stored)',
    payload: TypingDto,
    ack: {},
  },
  read: {
    summary: 'Move your read marker forward to a message',
    payload: ReadDto,
    ack: { read: ReadMarkerResponse },
  },
  note: {
    summary:
      'Staff only (else 403): write an internal note; stored, then acked and sent to staff in the room; idempotent with client_id',
    payload: SendNoteDto,
    ack: { note: NoteResponse },
  },
} as const satisfies Record<string, ClientEventSpec>;

/** What the server emits to the rooms a socket is in. */
export const SERVER_EVENTS = {
  message: { summary: 'A message stored in a ticket of your room', payload: MessageResponse },
  typing: { summary: 'Someone else in the room started or stopped typing', payload: TypingEvent },
  read: { summary: 'A participant’s read marker moved', payload: ReadEvent },
  ticket_updated: {
    summary: 'The ticket’s status, priority, assignee, tags or satisfaction changed (by any route)',
    payload: TicketResponse,
  },
  presence: {
    summary: 'Staff sockets only (the staff room): an agent’s presence or load changed',
    payload: AgentPresenceEvent,
  },
  ticket_queued: {
    summary: 'Staff sockets only (the staff room): a ticket entered the queue (no routable agent)',
    payload: TicketQueuedEvent,
  },
  ticket_assigned: {
    summary: 'Every socket of the assignee: a ticket was assigned to you, with the reason',
    payload: TicketAssignedEvent,
  },
  note: {
    summary:
      'Staff sockets in the ticket’s room only (never the owner’s): an internal note was written',
    payload: NoteResponse,
  },
  mention: {
    summary:
      'Every socket of the mentioned staff member: a note mentions you (you now watch the ticket)',
    payload: MentionEvent,
  },
  csat_requested: {
    summary:
      'Every socket of the ticket’s owner: the ticket was resolved; rate it (POST /users/tickets/{id}/satisfaction)',
    payload: CsatRequestedEvent,
  },
  sla_warning: {
    summary:
      'The staff room and the assignee’s sockets: an SLA clock used SLA_WARNING_PERCENT of its target; once per clock run',
    payload: SlaAlertEvent,
  },
  sla_breached: {
    summary:
      'The staff room and the assignee’s sockets: an SLA clock passed its target unmet; once per clock run',
    payload: SlaAlertEvent,
  },
} as const satisfies Record<string, ServerEventSpec>;

type Instance<M> = M extends abstract new (...args: never[]) => infer T ? T : never;
type AckFields<F> = {
  -readonly [K in keyof F]: F[K] extends readonly [infer M] ? Instance<M>[] : Instance<F[K]>;
};

export type ClientEvent = keyof typeof CLIENT_EVENTS;
export type ServerEvent = keyof typeof SERVER_EVENTS;
export type PayloadOf<E extends ClientEvent> = Instance<(typeof CLIENT_EVENTS)[E]['payload']>;
/** The acknowledgement of a client event: `{ok: true, ...fields}` or an AckError. */
export type AnswerOf<E extends ClientEvent> = Ack<AckFields<(typeof CLIENT_EVENTS)[E]['ack']>>;

export type ClientToServerEvents = {
  [E in ClientEvent]: (payload: PayloadOf<E>, ack: (answer: AnswerOf<E>) => void) => void;
};

export type ServerToClientEvents = {
  [E in ServerEvent]: (payload: Instance<(typeof SERVER_EVENTS)[E]['payload']>) => void;
};

/** Every class the contract names, for the OpenAPI document's components. */
export const CHAT_MODELS: Model[] = [
  ...new Set([
    ...Object.values<ClientEventSpec>(CLIENT_EVENTS).flatMap(({ payload, ack }) => [
      payload,
      ...Object.values(ack).flat(),
    ]),
    ...Object.values<ServerEventSpec>(SERVER_EVENTS).map(({ payload }) => payload),
  ]),
];
