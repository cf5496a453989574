// The frame's state outside the components: who the visitor is, their tickets and the chat, the
// view, and what goes back to widget.js (ready, the unread count, close).
import { createApiClient, type User } from '@clients/typescript';
import type { ChatTicket } from '@clients/typescript/chat';
import { type Api, createSessionApi, problemText, uploadAttachment } from '@web/shared/api';
import { ChatClient } from '@web/shared/chat-client';
import { lastFromOthers, unreadCount } from '@web/shared/conversation';
import { Session } from '@web/shared/session';
import { ticketFromFirstMessage } from '@web/widget/frame/first-message';
import { allowedOrigins, WidgetIdentity } from '@web/widget/frame/identity';
import {
  type FromFrame,
  isProtocolMessage,
  PROTOCOL_SOURCE,
  type ToFrame,
} from '@web/widget/protocol';

export type Phase =
  /** Restoring a kept session. */
  | 'starting'
  /** No session yet: one is made when the visitor opens the widget (or the host identifies them). */
  | 'signed-out'
  | 'signing-in'
  | 'ready'
  /** Neither an identity nor anonymous visitors: nothing to show but why. */
  | 'unavailable';

export type View = { kind: 'list' } | { kind: 'new' } | { kind: 'ticket'; id: string };

/** How many of the visitor's tickets are followed live (for their unread counts). */
const FOLLOW_MAX = 10;
const STATUS_EVERY_MS = 60_000;

export interface EmbedParams {
  title: string;
  category: string;
  type: string;
}

export class WidgetController {
  readonly origin = location.origin;
  readonly session = new Session('support-widget.session', this.origin);
  readonly api: Api = createSessionApi(this.origin, this.session);
  /** The public routes, without a token. */
  private readonly publicApi = createApiClient(this.origin);
  readonly params: EmbedParams;
  phase: Phase = 'starting';
  unavailableReason = '';
  me: User | undefined;
  chat: ChatClient | undefined;
  tickets: ChatTicket[] = [];
  view: View = { kind: 'list' };
  open = false;
  /** From GET /widget/status; undefined until it answered. */
  agentsOnline: boolean | undefined;
  /** Tickets whose rating the server asked for (csat_requested) in this page's life. */
  readonly csatRequested = new Set<string>();
  private readonly identity = new WidgetIdentity(this.origin, this.session);
  private readonly listeners = new Set<() => void>();
  private readonly parentOrigin: string;
  private readonly identityOrigins = allowedOrigins();
  private lastUnread = -1;
  private statusTimer: ReturnType<typeof setInterval> | undefined;
  private unsubscribeChat: (() => void) | undefined;
  private identifying: Promise<void> | undefined;

  constructor(search: URLSearchParams) {
    this.params = {
      title: search.get('title') || 'Help',
      category: search.get('category') || 'general',
      type: search.get('type') || 'question',
    };
    // The browser's word for who embeds the frame where it has one; else what widget.js said.
    const ancestors = (location as Location & { ancestorOrigins?: DOMStringList }).ancestorOrigins;
    this.parentOrigin = ancestors?.[0] ?? search.get('host') ?? '';
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    window.addEventListener('message', (event) => this.onHostMessage(event));
    document.addEventListener('visibilitychange', () => this.markVisibleRead());
    this.session.onChange((signedIn) => {
      if (!signedIn && this.phase === 'ready') this.signedOut();
      // Another tab of the host site may have identified someone else: follow the session.
      else if (signedIn && this.phase === 'ready' && this.identifying === undefined) {
        void this.boot(this.me?.id);
      }
    });
    this.post({ source: PROTOCOL_SOURCE, type: 'ready' });
    // Opened on its own (not in widget.js's iframe): it is visible, so it may start a session.
    if (!this.embedded) this.open = true;
    void this.refreshStatus();
    this.statusTimer = setInterval(() => void this.refreshStatus(), STATUS_EVERY_MS);
    if (this.session.signedIn) void this.boot();
    else if (this.open) void this.signInAnonymously();
    else this.setPhase('signed-out');
  }

  get embedded(): boolean {
    return window.parent !== window;
  }

  close(): void {
    this.post({ source: PROTOCOL_SOURCE, type: 'close' });
  }

  show(view: View): void {
    this.view = view;
    this.emit();
    this.markVisibleRead();
  }

  /** The visitor asked for a session themselves (the frame opened without widget.js, or a retry). */
  signInAnonymously(): Promise<void> {
    return this.withSignIn(() => this.identity.anonymous());
  }

  /** Starts a conversation with its first message: the ticket, then the message in it. */
  async startConversation(text: string, files: File[]): Promise<void> {
    const content = text.trim();
    const { data, error } = await this.api.POST('/api/v1/users/tickets', {
      body: {
        ...ticketFromFirstMessage(
          content,
          files.map((file) => file.name),
        ),
        category: this.params.category,
        type: this.params.type,
      },
    });
    if (data === undefined) throw new Error(problemText(error, 'Could not start the conversation'));
    this.tickets = [data, ...this.tickets];
    await this.chat?.follow(data.id, data);
    this.show({ kind: 'ticket', id: data.id });
    await this.send(data.id, content, files);
  }

  async send(ticketId: string, text: string, files: File[]): Promise<void> {
    const attachments = await Promise.all(
      files.map((file) => uploadAttachment(this.origin, this.session, ticketId, file)),
    );
    this.chat?.send(ticketId, text.trim(), attachments);
  }

  async rate(ticketId: string, rating: number, comment: string): Promise<string | undefined> {
    const { error, response } = await this.api.POST('/api/v1/users/tickets/{id}/satisfaction', {
      params: { path: { id: ticketId } },
      body: comment.trim().length > 0 ? { rating, comment: comment.trim() } : { rating },
    });
    this.csatRequested.delete(ticketId);
    this.emit();
    if (response.status === 409) return undefined; // Rated already, or no longer ratable.
    return error === undefined ? undefined : problemText(error, 'Could not send the rating');
  }

  /** The ticket as last heard of: its feed's copy (live) before the list's. */
  ticket(id: string): ChatTicket | undefined {
    return this.chat?.feed(id).ticket ?? this.tickets.find((ticket) => ticket.id === id);
  }

  get unread(): number {
    const { chat, me } = this;
    if (chat === undefined || me === undefined) return 0;
    return chat.followed.reduce((sum, id) => {
      const feed = chat.feed(id);
      return sum + unreadCount(feed.messages, me.id, feed.reads);
    }, 0);
  }

  private onHostMessage(event: MessageEvent): void {
    if (event.source !== window.parent || event.source === window) return;
    if (!isProtocolMessage<ToFrame>(event.data)) return;
    const message = event.data;
    if (message.type === 'visibility') {
      this.open = message.open;
      // Whether anyone is there is worth knowing now, not at the next minute's poll.
      if (this.open) void this.refreshStatus();
      this.emit();
      if (this.open && this.phase === 'signed-out' && this.identifying === undefined) {
        void this.signInAnonymously();
      }
      this.markVisibleRead();
      return;
    }
    if (message.type === 'logout') {
      void this.logout();
      return;
    }
    if (message.type === 'identify') {
      // WIDGET_ORIGINS empty: nobody may pass an identity. Else only the hosts it names.
      if (!this.identityOrigins.includes(event.origin)) {
        this.post({
          source: PROTOCOL_SOURCE,
          type: 'identity_refused',
          detail: `${event.origin} is not in WIDGET_ORIGINS`,
        });
        return;
      }
      const token = message.token;
      void this.withSignIn(async () => {
        const result = await this.identity.identify(token);
        if (!result.ok) {
          this.post({ source: PROTOCOL_SOURCE, type: 'identity_refused', detail: result.detail });
        }
        return result;
      });
    }
  }

  /** Ends the session on the server too (its refresh token revoked), then forgets it here. */
  private async logout(): Promise<void> {
    const refresh = this.session.current?.refresh_token;
    if (refresh !== undefined) {
      await this.api.POST('/api/v1/auth/logout', { body: { refresh_token: refresh } });
    }
    this.session.clear();
    this.signedOut();
  }

  private async withSignIn(attempt: () => Promise<{ ok: boolean; detail?: string }>) {
    // One at a time: an identify that arrives while a guest session is made waits for it (and
    // then merges that guest).
    const previous = this.identifying ?? Promise.resolve();
    const run = previous.then(async () => {
      const userBefore = this.me?.id;
      if (this.phase !== 'ready') this.setPhase('signing-in');
      const result = await attempt();
      if (!result.ok) {
        if (this.phase === 'signing-in') {
          this.unavailableReason = result.detail ?? 'The chat is not available here';
          this.setPhase(this.session.signedIn ? 'ready' : 'unavailable');
        }
        return;
      }
      await this.boot(userBefore);
    });
    const tracked: Promise<void> = run.finally(() => {
      if (this.identifying === tracked) this.identifying = undefined;
    });
    this.identifying = tracked;
    return run;
  }

  /** Loads the signed-in visitor; the chat starts again only when the user changed. */
  private async boot(userBefore?: string): Promise<void> {
    const { data: me } = await this.api.GET('/api/v1/users/me');
    if (me === undefined) {
      this.session.clear();
      this.signedOut();
      return;
    }
    if (this.chat !== undefined && userBefore === me.id) {
      this.setPhase('ready');
      return;
    }
    this.stopChat();
    this.me = me;
    const chat = new ChatClient(this.origin, this.session, this.api, me.id);
    this.chat = chat;
    this.unsubscribeChat = chat.subscribe(() => this.onChatChange());
    chat.socket.on('csat_requested', ({ ticket_id }) => {
      this.csatRequested.add(ticket_id);
      this.emit();
    });
    chat.socket.on('connect', () => void this.refreshStatus());
    const { data } = await this.api.GET('/api/v1/users/tickets', {
      params: { query: { sort: '-updated_at', limit: 20 } },
    });
    this.tickets = data?.items ?? [];
    for (const ticket of this.tickets.filter((t) => t.status !== 'closed').slice(0, FOLLOW_MAX)) {
      void chat.follow(ticket.id, ticket);
    }
    if (this.view.kind === 'ticket' && !this.tickets.some((t) => t.id === this.viewId)) {
      this.view = { kind: 'list' };
    }
    this.setPhase('ready');
  }

  private get viewId(): string | undefined {
    return this.view.kind === 'ticket' ? this.view.id : undefined;
  }

  private signedOut(): void {
    this.stopChat();
    this.me = undefined;
    this.tickets = [];
    this.view = { kind: 'list' };
    this.setPhase('signed-out');
  }

  private stopChat(): void {
    this.unsubscribeChat?.();
    this.chat?.close();
    this.chat = undefined;
  }

  private onChatChange(): void {
    // A ticket the chat heard of (ticket_updated) replaces the list's copy.
    const chat = this.chat;
    if (chat !== undefined) {
      this.tickets = this.tickets.map((ticket) => chat.feed(ticket.id).ticket ?? ticket);
    }
    this.markVisibleRead();
    this.emit();
  }

  /** Marks the open conversation read, but only while someone can actually see it. */
  private markVisibleRead(): void {
    const { chat, me, view } = this;
    if (chat === undefined || me === undefined || view.kind !== 'ticket') return;
    if (!(this.open || !this.embedded) || document.visibilityState !== 'visible') return;
    const last = lastFromOthers(chat.feed(view.id).messages, me.id);
    if (last !== undefined) chat.markRead(view.id, last);
  }

  private async refreshStatus(): Promise<void> {
    try {
      const { data } = await this.publicApi.GET('/api/v1/widget/status');
      if (data !== undefined && this.agentsOnline !== data.agents_online) {
        this.agentsOnline = data.agents_online;
        this.emit();
      }
    } catch {
      // Offline: the socket's reconnection asks again.
    }
  }

  private post(message: FromFrame): void {
    if (!this.embedded || this.parentOrigin === '') return;
    window.parent.postMessage(message, this.parentOrigin);
  }

  private setPhase(phase: Phase): void {
    this.phase = phase;
    this.emit();
  }

  private emit(): void {
    const unread = this.unread;
    if (unread !== this.lastUnread) {
      this.lastUnread = unread;
      this.post({ source: PROTOCOL_SOURCE, type: 'unread', count: unread });
    }
    for (const listener of this.listeners) listener();
  }

  dispose(): void {
    if (this.statusTimer !== undefined) clearInterval(this.statusTimer);
    this.stopChat();
  }
}
