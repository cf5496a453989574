// The console's state outside the components: the signed-in agent, the socket, the agents and
// their presence, and the live announcements (a ticket queued or assigned to you). Lists refetch
// when `listVersion` moves, which every ticket event does.
import type { Agent, User } from '@clients/typescript';
import type { ChatTicket } from '@clients/typescript/chat';
import { type Api, createSessionApi, problemText } from '@web/shared/api';
import { ChatClient } from '@web/shared/chat-client';
import { Session } from '@web/shared/session';
import { playAlert, unlockAudio } from '@web/console/alert-sound';

export type Availability = Agent['availability'];

export interface Toast {
  id: number;
  text: string;
  ticketId?: string;
}

/** Assigned tickets followed live (their messages and updates) without being opened. */
const FOLLOW_MINE_MAX = 50;
const TOAST_MS = 8_000;

export class ConsoleStore {
  readonly origin = location.origin;
  readonly session = new Session('support-console.session', this.origin);
  readonly api: Api = createSessionApi(this.origin, this.session);
  me: User | undefined;
  chat: ChatClient | undefined;
  agents: Agent[] = [];
  toasts: Toast[] = [];
  /** Moves on every ticket event: lists refetch. */
  listVersion = 0;
  /**
   * Tickets at risk: a clock warned and is neither met nor breached (`sla=at_risk`, which the
   * ticket JSON does not say), read again after ticket events.
   */
  slaAtRisk: ReadonlySet<string> = new Set();
  booting = true;
  private readonly listeners = new Set<() => void>();
  private toastId = 0;
  private atRiskTimer: ReturnType<typeof setTimeout> | undefined;

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get isAdmin(): boolean {
    return this.me?.role === 'admin';
  }

  get myAgent(): Agent | undefined {
    return this.agents.find((agent) => agent.id === this.me?.id);
  }

  agentName(id: string | null | undefined): string {
    if (id === null || id === undefined) return 'Unassigned';
    return this.agents.find((agent) => agent.id === id)?.full_name ?? 'Someone';
  }

  async start(): Promise<void> {
    this.session.onChange((signedIn) => {
      if (!signedIn && this.me !== undefined) this.signedOut();
    });
    if (this.session.signedIn) await this.boot();
    this.booting = false;
    this.emit();
  }

  async signIn(email: string, password: string): Promise<string | undefined> {
    unlockAudio();
    const { data, error } = await this.api.POST('/api/v1/auth/login', {
      body: { email, password },
    });
    if (data === undefined) return problemText(error, 'Could not sign in');
    this.session.store(data);
    return this.boot();
  }

  async signOut(): Promise<void> {
    const refresh = this.session.current?.refresh_token;
    if (refresh !== undefined) {
      await this.api.POST('/api/v1/auth/logout', { body: { refresh_token: refresh } });
    }
    this.session.clear();
    this.signedOut();
  }

  /** Shows the choice at once, then says it to the server (and shows its answer, or the old). */
  async setAvailability(availability: Availability): Promise<void> {
    const before = this.myAgent;
    if (before !== undefined) this.upsertAgent({ ...before, availability });
    const { data } = await this.api.PUT('/api/v1/csr/me/presence', { body: { availability } });
    if (data !== undefined) this.upsertAgent(data);
    else if (before !== undefined) this.upsertAgent(before);
  }

  dismiss(id: number): void {
    this.toasts = this.toasts.filter((toast) => toast.id !== id);
    this.emit();
  }

  bumpLists(): void {
    this.listVersion += 1;
    this.emit();
    // A burst of events (a drain assigns many) asks once.
    clearTimeout(this.atRiskTimer);
    this.atRiskTimer = setTimeout(() => void this.loadAtRisk(), 300);
  }

  /** Follows a ticket live (its room) unless already; mine are followed from the start. */
  follow(ticket: ChatTicket): void {
    if (this.chat === undefined || this.chat.followed.includes(ticket.id)) return;
    void this.chat.follow(ticket.id, ticket);
  }

  /** Leaves a ticket's room again when it is not one of mine. */
  release(ticketId: string): void {
    const chat = this.chat;
    const ticket = chat?.feed(ticketId).ticket;
    if (chat === undefined || ticket === undefined || ticket.assigned_to_id === this.me?.id) return;
    chat.unfollow(ticketId);
  }

  private async boot(): Promise<string | undefined> {
    const { data: me } = await this.api.GET('/api/v1/users/me');
    if (me === undefined) {
      this.session.clear();
      return 'Your session has ended; sign in again';
    }
    if (me.role !== 'csr' && me.role !== 'admin') {
      await this.signOut();
      return 'The console is for support staff; this account is a customer account';
    }
    this.me = me;
    const chat = new ChatClient(this.origin, this.session, this.api, me.id);
    this.chat = chat;
    chat.subscribe(() => this.emit());
    chat.socket.on('ticket_queued', ({ ticket }) => {
      this.toast(`#${ticket.number} entered the queue: ${ticket.title}`, ticket.id);
      this.bumpLists();
    });
    chat.socket.on('ticket_assigned', ({ ticket }) => {
      this.follow(ticket);
      this.toast(`#${ticket.number} was assigned to you: ${ticket.title}`, ticket.id);
      playAlert();
      notify(`Ticket #${ticket.number} assigned to you`, ticket.title);
      this.bumpLists();
    });
    chat.socket.on('ticket_updated', () => this.bumpLists());
    chat.socket.on('presence', ({ user_id, presence, load, capacity }) => {
      const agent = this.agents.find((entry) => entry.id === user_id);
      if (agent === undefined) {
        void this.loadAgents();
        return;
      }
      this.upsertAgent({ ...agent, presence, load, capacity });
    });
    chat.socket.on('sla_warning', ({ ticket }) => {
      this.toast(`SLA warning on #${ticket.number}: ${ticket.title}`, ticket.id);
      this.bumpLists();
    });
    chat.socket.on('sla_breached', ({ ticket }) => {
      this.toast(`SLA breached on #${ticket.number}: ${ticket.title}`, ticket.id);
      this.bumpLists();
    });
    chat.socket.on('mention', ({ ticket_id }) => {
      this.toast('You were mentioned in a note', ticket_id);
    });
    chat.socket.on('connect', () => {
      void this.loadAgents();
      this.bumpLists();
    });
    await Promise.all([this.loadAgents(), this.loadAtRisk()]);
    const { data } = await this.api.GET('/api/v1/csr/tickets', {
      params: {
        query: { assignee_id: 'me', status: 'open,in_progress', limit: FOLLOW_MINE_MAX },
      },
    });
    for (const ticket of data?.items ?? []) void chat.follow(ticket.id, ticket);
    this.emit();
    return undefined;
  }

  private async loadAtRisk(): Promise<void> {
    const { data } = await this.api.GET('/api/v1/csr/tickets', {
      params: { query: { sla: 'at_risk', status: 'open,in_progress', limit: 100 } },
    });
    if (data === undefined) return;
    this.slaAtRisk = new Set(data.items.map((ticket) => ticket.id));
    this.emit();
  }

  private async loadAgents(): Promise<void> {
    const { data } = await this.api.GET('/api/v1/csr/agents');
    if (data === undefined) return;
    this.agents = data.items;
    this.emit();
  }

  private upsertAgent(agent: Agent): void {
    const known = this.agents.some((entry) => entry.id === agent.id);
    this.agents = known
      ? this.agents.map((entry) => (entry.id === agent.id ? agent : entry))
      : [...this.agents, agent];
    this.emit();
  }

  private toast(text: string, ticketId?: string): void {
    const toast = { id: (this.toastId += 1), text, ticketId };
    this.toasts = [...this.toasts.slice(-3), toast];
    setTimeout(() => this.dismiss(toast.id), TOAST_MS);
    this.emit();
  }

  private signedOut(): void {
    this.chat?.close();
    this.chat = undefined;
    this.me = undefined;
    this.agents = [];
    this.emit();
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}

/** A desktop notification, when the agent allowed them and is looking elsewhere. */
function notify(title: string, body: string): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  if (document.visibilityState === 'visible' && document.hasFocus()) return;
  try {
    new Notification(title, { body, tag: title });
  } catch {
    // Some browsers only allow notifications from a service worker: the toast and sound remain.
  }
}
