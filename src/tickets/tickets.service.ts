// Owns tickets: creation with auto-assignment, the status workflow, assignment, the timeline,
// lists, and auto-closing. Every change and its timeline events commit together; listeners hear
// about a change only after it committed.
import { Inject, Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Forbidden } from '@/common/errors/domain-errors';
import { publish } from '@/common/publish';
import type { AppConfig, AssignmentStrategy } from '@/config/config';
import { APP_CONFIG } from '@/config/config.module';
import { AssigneePicker, chooseAssignee } from '@/tickets/assignment';
import {
  canAccessTicket,
  TicketAccess,
  TicketActor,
  ticketListScope,
} from '@/tickets/ticket-access.policy';
import { decodeCursor, encodeCursor } from '@/tickets/ticket-sort';
import { diffTags } from '@/tickets/ticket-tags';
import { planStatusChange, StatusChanger } from '@/tickets/ticket-status';
import type { TicketEvent } from '@/tickets/ticket-event.entity';
import type { ClockHappening, SlaColumns, TicketClocks } from '@/tickets/ticket-sla';
import { InvalidAssignee, TicketClosed, TicketNotFound } from '@/tickets/ticket.errors';
import type {
  SatisfactionSnapshot,
  Ticket,
  TicketPriority,
  TicketStatus,
} from '@/tickets/ticket.entity';
import {
  TICKET_CREATED,
  TICKET_UPDATED,
  TicketCreatedEvent,
  TicketUpdatedEvent,
} from '@/tickets/ticket.events';
import type { TicketListQuery, TicketPage } from '@/tickets/ticket-page';
import { toTicketResponse } from '@/tickets/ticket.response';
import { ticketWebhookEvents } from '@/tickets/ticket-webhooks';
import { WebhookOutbox } from '@/webhooks/webhook-outbox';
import {
  NewTicketEvent,
  ResolutionRow,
  TicketFilter,
  TicketPatch,
  TicketsRepository,
} from '@/tickets/tickets.repository';

export interface TicketInput {
  title: string;
  description: string;
  category: string;
  type: string;
}

export interface TicketChange {
  status?: TicketStatus;
  priority?: TicketPriority;
}

/** The result of a planned change: what to write and what to put on the timeline. */
interface Plan {
  patch: TicketPatch;
  events: NewTicketEvent[];
}

/** What a batch of chat messages does to its tickets (see applyMessageEffects). */
export interface MessageEffects {
  /** Resolved tickets an owner's message reopens, with who reopened them. */
  reopen: readonly { ticketId: string; actorId: string }[];
  /** Tickets whose first staff reply is among the messages. */
  firstResponse: readonly string[];
  /** What the messages do to SLA clocks, in order (a reopen, owner messages, staff replies). */
  clock: readonly { ticketId: string; happening: ClockHappening }[];
}

const AUTO_CLOSE_BATCH = 100;

/** Category and type are free text stored trimmed and lower-case, so filters match exactly. */
export function normalizeLabel(label: string): string {
  return label.trim().toLowerCase();
}

@Injectable()
export class TicketsService {
  private picker: AssigneePicker | undefined;
  private clocks: TicketClocks | undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tickets: TicketsRepository,
    private readonly events: EventEmitter2,
    private readonly outbox: WebhookOutbox,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Routing decides the assignee of new tickets from now on (see AssigneePicker). */
  useAssigneePicker(picker: AssigneePicker): void {
    this.picker = picker;
  }

  /** The SLA module keeps tickets' clocks from now on (see TicketClocks). */
  useClocks(clocks: TicketClocks): void {
    this.clocks = clocks;
  }

  /** Opens a ticket for the actor and assigns it by the configured strategy, atomically. */
  async create(actor: TicketActor, input: TicketInput): Promise<Ticket> {
    const strategy = this.config.tickets.assignmentStrategy;
    const category = normalizeLabel(input.category);
    const ticket = await this.dataSource.transaction(async (manager) => {
      const assignedToId =
        this.picker === undefined
          ? await this.pickAssignee(manager, strategy)
          : await this.picker.pick(manager, { category });
      const created = await this.tickets.insert(manager, {
        title: input.title.trim(),
        description: input.description.trim(),
        category,
        type: normalizeLabel(input.type),
        userId: actor.id,
        assignedToId,
      });
      const events: NewTicketEvent[] = [{ actorId: actor.id, kind: 'created', data: {} }];
      if (assignedToId !== null) {
        events.push({
          actorId: null,
          kind: 'assigned',
          data: { from: null, to: assignedToId, strategy, reason: 'created' },
        });
      }
      await this.tickets.insertEvents(manager, created.id, events);
      const after = await this.moveClocks(manager, created, [{ kind: 'created' }]);
      await this.recordChanges(manager, [{ before: null, after }]);
      return after;
    });
    publish<TicketCreatedEvent>(this.events, TICKET_CREATED, { ticket: toTicketResponse(ticket) });
    return ticket;
  }

  /** A ticket the actor may see through this door; any other is TicketNotFound. */
  async get(actor: TicketActor, id: string, access: TicketAccess): Promise<Ticket> {
    const ticket = await this.tickets.findById(id);
    if (ticket === null || !canAccessTicket(actor, ticket, access)) throw new TicketNotFound();
    return ticket;
  }

  /**
   * These tickets, by id, with no access check: for a caller that chose the ids under
   * ticketListScope (the search). Missing ids are simply absent.
   */
  async findByIds(ids: readonly string[]): Promise<Map<string, Ticket>> {
    const tickets = await this.tickets.findByIds(ids);
    return new Map(tickets.map((ticket) => [ticket.id, ticket]));
  }

  async timeline(actor: TicketActor, id: string, access: TicketAccess): Promise<TicketEvent[]> {
    await this.get(actor, id, access);
    return this.tickets.listEvents(id);
  }

  async list(
    actor: TicketActor,
    access: 'owner' | 'queue',
    query: TicketListQuery,
  ): Promise<TicketPage> {
    const scope = ticketListScope(actor, access);
    if (scope === null) throw new Forbidden('You do not have permission to perform this action');
    const filter: TicketFilter = {
      statuses: query.statuses,
      priorities: query.priorities,
      category: query.category === undefined ? undefined : normalizeLabel(query.category),
      type: query.type === undefined ? undefined : normalizeLabel(query.type),
      q: query.q,
      tags: query.tags,
      unassigned: query.unassigned,
      assigneeId: query.assigneeId === 'me' ? actor.id : query.assigneeId,
      userId: query.userId,
      sla: query.sla,
      ...scope,
    };
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, query.sort);
    const offset = after === undefined ? (query.offset ?? 0) : null;
    const rows = await this.tickets.page(filter, {
      limit: query.limit,
      sort: query.sort,
      offset: offset ?? 0,
      after,
    });
    return {
      tickets: rows.tickets,
      total: rows.total,
      limit: query.limit,
      offset,
      nextCursor: rows.hasMore && rows.last !== null ? encodeCursor(query.sort, rows.last) : null,
    };
  }

  /** The owner closes their ticket or reopens a resolved one; nothing else. */
  changeStatusAsOwner(actor: TicketActor, id: string, status: TicketStatus): Promise<Ticket> {
    return this.change(actor, id, 'owner', (ticket) =>
      this.planStatus(ticket, status, 'owner', actor.id),
    );
  }

  /** Staff change status and/or priority; `closed` is final. */
  update(actor: TicketActor, id: string, change: TicketChange): Promise<Ticket> {
    return this.change(actor, id, 'queue', (ticket) =>
      merge(
        this.planStatus(ticket, change.status, 'staff', actor.id),
        this.planPriority(ticket, change.priority, actor.id),
      ),
    );
  }

  /** Hands the ticket to an active CSR, optionally setting its priority in the same step. */
  assign(
    actor: TicketActor,
    id: string,
    assigneeId: string,
    priority: TicketPriority | undefined,
  ): Promise<Ticket> {
    return this.change(actor, id, 'queue', async (ticket, manager) => {
      if (!(await this.tickets.isActiveCsr(manager, assigneeId))) throw new InvalidAssignee();
      const assignment: Plan = { patch: {}, events: [] };
      if (ticket.assignedToId !== assigneeId) {
        if (ticket.status === 'closed') throw new TicketClosed();
        assignment.patch.assignedToId = assigneeId;
        assignment.events.push({
          actorId: actor.id,
          kind: 'assigned',
          data: { from: ticket.assignedToId, to: assigneeId, strategy: 'manual', reason: 'manual' },
        });
      }
      return merge(assignment, this.planPriority(ticket, priority, actor.id));
    });
  }

  /**
   * Replaces the ticket's tags (already normalised: see ticket-tags.ts). A closed ticket is final,
   * as for priority and assignee; setting the tags it already has changes nothing.
   */
  setTags(actor: TicketActor, id: string, tags: string[]): Promise<Ticket> {
    return this.change(actor, id, 'queue', (ticket) => {
      const { added, removed } = diffTags(ticket.tags, tags);
      if (added.length === 0 && removed.length === 0) return { patch: {}, events: [] };
      if (ticket.status === 'closed') throw new TicketClosed();
      return {
        patch: { tags },
        events: [{ actorId: actor.id, kind: 'tags_changed', data: { added, removed } }],
      };
    });
  }

  /**
   * Locks a ticket the actor may reach through this door, in the caller's transaction; any other
   * is TicketNotFound. Notes are numbered and ratings checked under this lock.
   */
  async lockAccessible(
    manager: EntityManager,
    actor: TicketActor,
    id: string,
    access: TicketAccess,
  ): Promise<Ticket> {
    const ticket = await this.tickets.lockById(manager, id);
    if (ticket === null || !canAccessTicket(actor, ticket, access)) throw new TicketNotFound();
    return ticket;
  }

  /** The locked ticket's latest resolution (see TicketsRepository.latestResolution). */
  latestResolution(manager: EntityManager, id: string): Promise<ResolutionRow | null> {
    return this.tickets.latestResolution(manager, id);
  }

  /**
   * Stores a new satisfaction rating's copy on the ticket the caller holds locked, with its
   * timeline event; the caller publishes the result (publishUpdated) after commit.
   */
  async recordSatisfaction(
    manager: EntityManager,
    actorId: string,
    locked: Ticket,
    snapshot: SatisfactionSnapshot,
  ): Promise<Ticket> {
    const ticket = await this.tickets.setSatisfaction(manager, locked.id, snapshot);
    await this.tickets.insertEvents(manager, locked.id, [
      { actorId, kind: 'satisfaction_submitted', data: { rating: snapshot.rating } },
    ]);
    await this.recordChanges(manager, [{ before: locked, after: ticket }]);
    return ticket;
  }

  /**
   * Writes the webhook events of ticket changes (before null: created) to the outbox, in the
   * caller's transaction, which made them: they exist if and only if it commits.
   */
  recordChanges(
    manager: EntityManager,
    changes: readonly { before: Ticket | null; after: Ticket }[],
  ): Promise<void> {
    return this.outbox.record(
      manager,
      changes.flatMap(({ before, after }) =>
        ticketWebhookEvents(
          before === null ? null : toTicketResponse(before),
          toTicketResponse(after),
        ),
      ),
    );
  }

  /**
   * Hands every ticket of `fromUserId` (and the timeline entries they acted in) to `toUserId`, in
   * the caller's transaction, which must take these locks before any on either user's row (see
   * TicketsRepository.moveOwner). Returns the moved tickets for the caller to publish (publishUpdated)
   * after commit. For merging a widget guest into the visitor it turned out to be.
   */
  async moveOwner(manager: EntityManager, fromUserId: string, toUserId: string): Promise<Ticket[]> {
    const moved = await this.tickets.moveOwner(manager, fromUserId, toUserId);
    await this.recordChanges(
      manager,
      moved.map((ticket) => ({ before: { ...ticket, userId: fromUserId }, after: ticket })),
    );
    return moved;
  }

  /** Tells listeners (sockets among them) that a committed change left the ticket like this. */
  publishUpdated(ticket: Ticket): void {
    publish<TicketUpdatedEvent>(this.events, TICKET_UPDATED, { ticket: toTicketResponse(ticket) });
  }

  /**
   * Locks tickets in the caller's transaction, in id order (one order for every caller, so two
   * batches never deadlock). The chat writer holds them while it numbers and stores messages.
   */
  lockMany(manager: EntityManager, ids: readonly string[]): Promise<Ticket[]> {
    return this.tickets.lockByIds(manager, ids);
  }

  /**
   * What a note's mentions do to its ticket, in the caller's transaction (which holds the
   * ticket's lock): the mentioned staff become watchers, and the timeline records the mention
   * (the note's id, never its content). Returns the ticket when its watchers changed, for the
   * caller to publish once it has committed.
   */
  async recordMentions(
    manager: EntityManager,
    locked: Ticket,
    actorId: string,
    noteId: string,
    userIds: readonly string[],
  ): Promise<Ticket | null> {
    if (userIds.length === 0) return null;
    const watched = await this.tickets.addWatchers(manager, locked.id, userIds);
    await this.tickets.insertEvents(manager, locked.id, [
      { actorId, kind: 'mentioned', data: { note_id: noteId, user_ids: [...userIds] } },
    ]);
    if (watched !== null) await this.recordChanges(manager, [{ before: locked, after: watched }]);
    return watched;
  }

  /**
   * Writes what chat messages do to their tickets, in the caller's transaction, which already
   * holds their locks (`locked`, as read under them): an owner's message reopens a resolved
   * ticket (with its timeline event), the first staff reply sets first_response_at, and the SLA
   * clocks move. Returns the tickets whose JSON changed, for the caller to publish once it has
   * committed.
   */
  async applyMessageEffects(
    manager: EntityManager,
    effects: MessageEffects,
    locked: readonly Ticket[],
  ): Promise<Ticket[]> {
    const changed = new Map<string, Ticket>();
    for (const { ticketId, actorId } of effects.reopen) {
      const change = planStatusChange('resolved', 'open', 'owner');
      if (!change.change) continue;
      changed.set(
        ticketId,
        await this.tickets.update(manager, ticketId, { status: 'open', ...change.effects }),
      );
      await this.tickets.insertEvents(manager, ticketId, [
        {
          actorId,
          kind: 'status_changed',
          data: { from: 'resolved', to: 'open', reason: 'customer_message' },
        },
      ]);
    }
    await this.tickets.markFirstResponses(manager, effects.firstResponse);
    for (const ticket of locked) {
      const happenings = effects.clock
        .filter((entry) => entry.ticketId === ticket.id)
        .map((entry) => entry.happening);
      const current = changed.get(ticket.id) ?? ticket;
      const moved = await this.moveClocks(manager, current, happenings);
      if (moved !== current) changed.set(ticket.id, moved);
    }
    const before = new Map(locked.map((ticket) => [ticket.id, ticket]));
    await this.recordChanges(
      manager,
      [...changed.values()].map((after) => ({ before: before.get(after.id) ?? null, after })),
    );
    return [...changed.values()];
  }

  /**
   * For the SLA check job: locks tickets with a warning or breach due by `now`, in the caller's
   * transaction (see TicketsRepository.lockSlaDue).
   */
  lockSlaDue(manager: EntityManager, now: Date, limit: number): Promise<Ticket[]> {
    return this.tickets.lockSlaDue(manager, now, limit);
  }

  /**
   * Stores locked tickets' SLA clocks with their timeline entries (warnings, breaches), in one
   * statement each for the tickets and the events.
   */
  async recordSla(
    manager: EntityManager,
    updates: readonly { before: Ticket; columns: SlaColumns; events: readonly NewTicketEvent[] }[],
  ): Promise<Ticket[]> {
    const tickets = await this.tickets.setSlaMany(
      manager,
      updates.map(({ before, columns }) => ({ id: before.id, columns })),
    );
    await this.tickets.insertEventsOf(
      manager,
      updates.flatMap((update) =>
        update.events.map((event) => ({ ...event, ticketId: update.before.id })),
      ),
    );
    const before = new Map(updates.map((update) => [update.before.id, update.before]));
    await this.recordChanges(
      manager,
      tickets.map((after) => ({ before: before.get(after.id) ?? null, after })),
    );
    return tickets;
  }

  /**
   * Closes tickets resolved for longer than AUTO_CLOSE_AFTER_HOURS, batch by batch, and returns
   * how many this call closed. Safe to run on several instances at once.
   */
  async closeStale(): Promise<number> {
    let closed = 0;
    for (;;) {
      const batch = await this.dataSource.transaction(async (manager) => {
        const closed = await this.tickets.closeResolvedBefore(
          manager,
          this.config.tickets.autoCloseAfterSeconds,
          AUTO_CLOSE_BATCH,
        );
        await this.recordChanges(
          manager,
          closed.map(({ ticket, previousResolvedAt }) => ({
            before: {
              ...ticket,
              status: 'resolved',
              resolvedAt: previousResolvedAt,
              closedAt: null,
            },
            after: ticket,
          })),
        );
        return closed.map(({ ticket }) => ticket);
      });
      closed += batch.length;
      for (const ticket of batch) {
        this.publishUpdated(ticket);
      }
      if (batch.length < AUTO_CLOSE_BATCH) return closed;
    }
  }

  /**
   * Locks the ticket, lets `plan` decide against its current state, writes the change with its
   * events in the same transaction, and publishes after commit. An empty plan is a no-op.
   */
  private async change(
    actor: TicketActor,
    id: string,
    access: TicketAccess,
    plan: (ticket: Ticket, manager: EntityManager) => Plan | Promise<Plan>,
  ): Promise<Ticket> {
    const result = await this.dataSource.transaction(async (manager) => {
      const before = await this.tickets.lockById(manager, id);
      if (before === null || !canAccessTicket(actor, before, access)) throw new TicketNotFound();
      const { patch, events } = await plan(before, manager);
      if (events.length === 0) return { before, after: before };
      const updated = await this.tickets.update(manager, id, patch);
      await this.tickets.insertEvents(manager, id, events);
      const happenings: ClockHappening[] = [];
      if (before.status !== updated.status) {
        happenings.push({ kind: 'status_changed', from: before.status, to: updated.status });
      }
      if (before.priority !== updated.priority) happenings.push({ kind: 'priority_changed' });
      const after = await this.moveClocks(manager, updated, happenings);
      await this.recordChanges(manager, [{ before, after }]);
      return { before, after };
    });
    const { before, after } = result;
    if (before !== after) {
      const event: TicketUpdatedEvent = { ticket: toTicketResponse(after) };
      if (before.assignedToId !== after.assignedToId) {
        event.previousAssigneeId = before.assignedToId;
        event.assignmentReason = 'manual';
      }
      if (before.status !== after.status) event.previousStatus = before.status;
      publish(this.events, TICKET_UPDATED, event);
    }
    return after;
  }

  /** What the happenings do to the locked ticket's SLA clocks, stored; the ticket as it is now. */
  private async moveClocks(
    manager: EntityManager,
    ticket: Ticket,
    happenings: readonly ClockHappening[],
  ): Promise<Ticket> {
    if (this.clocks === undefined || happenings.length === 0) return ticket;
    const columns = await this.clocks.apply(manager, ticket, happenings);
    return columns === null ? ticket : this.tickets.setSla(manager, ticket.id, columns);
  }

  private planStatus(
    ticket: Ticket,
    status: TicketStatus | undefined,
    by: StatusChanger,
    actorId: string,
  ): Plan {
    if (status === undefined) return { patch: {}, events: [] };
    const plan = planStatusChange(ticket.status, status, by);
    if (!plan.change) return { patch: {}, events: [] };
    return {
      patch: { status, ...plan.effects },
      events: [{ actorId, kind: 'status_changed', data: { from: ticket.status, to: status } }],
    };
  }

  private planPriority(
    ticket: Ticket,
    priority: TicketPriority | undefined,
    actorId: string,
  ): Plan {
    if (priority === undefined || priority === ticket.priority) return { patch: {}, events: [] };
    if (ticket.status === 'closed') throw new TicketClosed();
    return {
      patch: { priority },
      events: [
        { actorId, kind: 'priority_changed', data: { from: ticket.priority, to: priority } },
      ],
    };
  }

  /**
   * Round robin and least loaded lock the cursor row first: every creation through any instance
   * then decides in turn, from the position and loads the previous one committed.
   */
  private async pickAssignee(
    manager: EntityManager,
    strategy: AssignmentStrategy,
  ): Promise<string | null> {
    if (strategy === 'random') {
      const candidates = await this.tickets.assignmentCandidates(manager, null, false);
      return chooseAssignee('random', candidates, null);
    }
    const last = await this.tickets.lockAssignmentCursor(manager);
    const candidates = await this.tickets.assignmentCandidates(
      manager,
      last,
      strategy === 'least_loaded',
    );
    const chosen = chooseAssignee(strategy, candidates, last);
    if (chosen !== null) await this.tickets.moveAssignmentCursor(manager, chosen);
    return chosen;
  }
}

function merge(first: Plan, second: Plan): Plan {
  return {
    patch: { ...first.patch, ...second.patch },
    events: [...first.events, ...second.events],
  };
}
