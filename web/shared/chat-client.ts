// One /chat socket and the conversations it follows, for the widget and the console alike. On
// every (re)connection it joins each followed ticket again from the last seq it holds, so what
// was missed offline is replayed and merged by id (never shown twice); sends wait in an outbox
// with their client_id and are sent again after a reconnection, which the server answers with
// the stored message instead of a second one.
import { JOIN_HISTORY, MESSAGE_PAGE_MAX } from '@/chat/message-limits';
import type { Attachment } from '@clients/typescript';
import {
  type ChatMessage,
  type ChatSocket,
  type ChatTicket,
  connectChat,
  request,
} from '@clients/typescript/chat';
import type { Api } from '@web/shared/api';
import {
  followsGap,
  lastSeq,
  mergeMessages,
  moveRead,
  type PendingMessage,
  type Reads,
  settlePending,
} from '@web/shared/conversation';
import type { Session } from '@web/shared/session';

export interface Feed {
  ticket: ChatTicket | undefined;
  messages: readonly ChatMessage[];
  pending: readonly PendingMessage[];
  reads: Reads;
  /** Who is typing, by user id: until when (epoch ms) it still counts without news. */
  typing: Readonly<Record<string, number>>;
  /** `unavailable`: the server refused the join (not found, or no longer a participant). */
  status: 'joining' | 'joined' | 'unavailable';
  error?: string;
}

export type Connection = 'connecting' | 'online' | 'offline';

/** A typing indicator goes out by itself when no news came for this long (a lost `false`). */
const TYPING_TTL_MS = 6_000;
const ACK_TIMEOUT_MS = 15_000;

const EMPTY_FEED: Feed = {
  ticket: undefined,
  messages: [],
  pending: [],
  reads: {},
  typing: {},
  status: 'joining',
};

export class ChatClient {
  readonly socket: ChatSocket;
  connection: Connection = 'connecting';
  private readonly feeds = new Map<string, Feed>();
  private readonly listeners = new Set<() => void>();
  /** client_ids sent on the current connection and not yet answered. */
  private readonly inFlight = new Set<string>();
  private readonly syncing = new Map<string, Promise<void>>();

  constructor(
    origin: string,
    private readonly session: Session,
    private readonly api: Api,
    readonly me: string,
  ) {
    this.socket = connectChat(origin, () => session.accessToken(), undefined, {
      // Straight to WebSocket where it works; long-polling stays as the fallback.
      transports: ['websocket', 'polling'],
    });
    this.socket.on('connect', () => {
      this.setConnection('online');
      for (const ticketId of this.feeds.keys()) void this.sync(ticketId);
    });
    this.socket.on('disconnect', () => {
      this.inFlight.clear();
      this.setConnection('offline');
    });
    this.socket.on('connect_error', (error) => {
      this.setConnection('offline');
      // A refused handshake is not retried by Socket.IO itself: refresh, then connect again.
      if (!this.socket.active && error.message === 'Unauthorized') {
        void this.session.refresh().then((ok) => {
          if (ok) this.socket.connect();
        });
      }
    });
    this.socket.on('message', (message) => this.onMessage(message));
    this.socket.on('typing', ({ ticket_id, user_id, is_typing }) => {
      if (user_id === this.me) return;
      this.update(ticket_id, (feed) => {
        const typing = { ...feed.typing };
        if (is_typing) typing[user_id] = Date.now() + TYPING_TTL_MS;
        else delete typing[user_id];
        return { ...feed, typing };
      });
      if (is_typing) setTimeout(() => this.emit(), TYPING_TTL_MS + 50);
    });
    this.socket.on('read', ({ ticket_id, user_id, message_id }) => {
      this.update(ticket_id, (feed) => {
        const seq = feed.messages.find((message) => message.id === message_id)?.seq;
        return seq === undefined ? feed : { ...feed, reads: moveRead(feed.reads, user_id, seq) };
      });
    });
    this.socket.on('ticket_updated', (ticket) => {
      this.update(ticket.id, (feed) => ({ ...feed, ticket }));
    });
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  feed(ticketId: string): Feed {
    return this.feeds.get(ticketId) ?? EMPTY_FEED;
  }

  get followed(): string[] {
    return [...this.feeds.keys()];
  }

  /** Starts following a ticket: its room, its messages, its read markers. */
  follow(ticketId: string, ticket?: ChatTicket): Promise<void> {
    if (!this.feeds.has(ticketId)) {
      this.feeds.set(ticketId, { ...EMPTY_FEED, ticket });
      this.emit();
      void this.loadReads(ticketId);
    }
    return this.sync(ticketId);
  }

  unfollow(ticketId: string): void {
    if (!this.feeds.delete(ticketId)) return;
    if (this.socket.connected) void request(this.socket, 'leave', { ticket_id: ticketId });
    this.emit();
  }

  /** Queues a message and sends it as soon as the socket is up; returns its client_id. */
  send(ticketId: string, content: string, attachments: Attachment[] = []): string {
    const pending: PendingMessage = {
      client_id: crypto.randomUUID(),
      content,
      attachments,
      state: 'sending',
      created_at: new Date().toISOString(),
    };
    this.update(ticketId, (feed) => ({ ...feed, pending: [...feed.pending, pending] }));
    this.flush(ticketId);
    return pending.client_id;
  }

  /** Whether messages older than the first one held exist (a join brings only the last 50). */
  hasEarlier(ticketId: string): boolean {
    return (this.feed(ticketId).messages[0]?.seq ?? 1) > 1;
  }

  /** Loads the page of messages before the first one held (GET /tickets/{id}/messages). */
  async loadEarlier(ticketId: string): Promise<void> {
    const first = this.feed(ticketId).messages[0]?.seq;
    if (first === undefined || first <= 1) return;
    const after = Math.max(0, first - 1 - MESSAGE_PAGE_MAX);
    const { data } = await this.api.GET('/api/v1/tickets/{id}/messages', {
      params: { path: { id: ticketId }, query: { after_seq: after, limit: first - 1 - after } },
    });
    if (data !== undefined) this.addMessages(ticketId, data.items);
  }

  /** Sends a failed message again, under the same client_id. */
  retry(ticketId: string, clientId: string): void {
    this.update(ticketId, (feed) => ({
      ...feed,
      pending: feed.pending.map((send) =>
        send.client_id === clientId ? { ...send, state: 'sending', error: undefined } : send,
      ),
    }));
    this.flush(ticketId);
  }

  typing(ticketId: string, isTyping: boolean): void {
    if (this.socket.connected)
      void request(this.socket, 'typing', { ticket_id: ticketId, is_typing: isTyping });
  }

  /** Moves my read marker to `message` unless it is there already. */
  markRead(ticketId: string, message: ChatMessage): void {
    if ((this.feed(ticketId).reads[this.me] ?? 0) >= message.seq || !this.socket.connected) return;
    this.update(ticketId, (feed) => ({
      ...feed,
      reads: moveRead(feed.reads, this.me, message.seq),
    }));
    void request(this.socket, 'read', { ticket_id: ticketId, message_id: message.id }).catch(
      () => undefined,
    );
  }

  close(): void {
    this.socket.disconnect();
    this.listeners.clear();
  }

  private onMessage(message: ChatMessage): void {
    const feed = this.feeds.get(message.ticket_id);
    if (feed === undefined) return;
    // A hole before this message: something was missed; the join fills it (and adds this one).
    if (feed.status === 'joined' && followsGap(feed.messages, message)) {
      void this.sync(message.ticket_id);
      return;
    }
    this.addMessages(message.ticket_id, [message]);
  }

  private addMessages(ticketId: string, incoming: readonly ChatMessage[]): void {
    this.update(ticketId, (feed) => {
      const messages = mergeMessages(feed.messages, incoming);
      const typing = { ...feed.typing };
      for (const message of incoming) delete typing[message.sender_id];
      return { ...feed, messages, pending: settlePending(feed.pending, messages), typing };
    });
  }

  /** Joins (again) from the last seq held, page by page, then sends what waits in the outbox. */
  private sync(ticketId: string): Promise<void> {
    const running = this.syncing.get(ticketId);
    if (running !== undefined) return running;
    const run = this.joinFrom(ticketId).finally(() => {
      this.syncing.delete(ticketId);
      this.flush(ticketId);
    });
    this.syncing.set(ticketId, run);
    return run;
  }

  private async joinFrom(ticketId: string): Promise<void> {
    if (!this.socket.connected) return;
    for (;;) {
      const known = this.feeds.get(ticketId);
      if (known === undefined) return;
      const after = known.messages.length === 0 ? undefined : lastSeq(known.messages);
      let answer;
      try {
        answer = await request(this.socket, 'join', { ticket_id: ticketId, after_seq: after });
      } catch {
        return; // Timed out or disconnected: the next connection joins again.
      }
      if (!answer.ok) {
        const { detail } = answer.error;
        this.update(ticketId, (feed) => ({ ...feed, status: 'unavailable', error: detail }));
        return;
      }
      const { ticket, messages } = answer;
      this.update(ticketId, (feed) => ({ ...feed, ticket, status: 'joined', error: undefined }));
      this.addMessages(ticketId, messages);
      if (after === undefined || messages.length < JOIN_HISTORY) return;
    }
  }

  private async loadReads(ticketId: string): Promise<void> {
    const { data } = await this.api.GET('/api/v1/tickets/{id}/reads', {
      params: { path: { id: ticketId } },
    });
    if (data === undefined) return;
    this.update(ticketId, (feed) => {
      let reads = feed.reads;
      for (const marker of data.items) reads = moveRead(reads, marker.user_id, marker.seq);
      return { ...feed, reads };
    });
  }

  private flush(ticketId: string): void {
    const feed = this.feeds.get(ticketId);
    if (feed === undefined || !this.socket.connected || this.syncing.has(ticketId)) return;
    for (const send of feed.pending) {
      if (send.state !== 'sending' || this.inFlight.has(send.client_id)) continue;
      this.inFlight.add(send.client_id);
      void this.emitMessage(ticketId, send);
    }
  }

  private async emitMessage(ticketId: string, send: PendingMessage): Promise<void> {
    let answer;
    try {
      answer = await request(
        this.socket,
        'message',
        {
          ticket_id: ticketId,
          content: send.content,
          client_id: send.client_id,
          attachment_ids: send.attachments.map((attachment) => attachment.id),
        },
        ACK_TIMEOUT_MS,
      );
    } catch {
      // No answer: it stays in the outbox and goes again on this or the next connection.
      this.inFlight.delete(send.client_id);
      setTimeout(() => this.flush(ticketId), 1_000);
      return;
    }
    this.inFlight.delete(send.client_id);
    if (answer.ok) {
      this.addMessages(ticketId, [answer.message]);
      return;
    }
    if (answer.error.status === 429 || answer.error.status >= 500) {
      setTimeout(() => this.flush(ticketId), 2_000);
      return;
    }
    const error = answer.error.detail;
    this.update(ticketId, (feed) => ({
      ...feed,
      pending: feed.pending.map((pending) =>
        pending.client_id === send.client_id ? { ...pending, state: 'failed', error } : pending,
      ),
    }));
  }

  private update(ticketId: string, change: (feed: Feed) => Feed): void {
    const feed = this.feeds.get(ticketId);
    if (feed === undefined) return;
    const next = change(feed);
    if (next === feed) return;
    this.feeds.set(ticketId, next);
    this.emit();
  }

  private setConnection(connection: Connection): void {
    if (this.connection === connection) return;
    this.connection = connection;
    this.emit();
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}
