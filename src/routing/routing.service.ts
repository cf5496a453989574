// Owns automatic assignment: the assignee of a new ticket, the queue's drain, requeueing the
// tickets of agents who left, and the sweep that does both on a timer. Every assignment holds
// the locks of the agents it fills (RoutingRepository.lockOnlineCsrs) and reads their loads
// after, so no agent passes capacity and no ticket is assigned twice, with any number of
// instances draining at once.
import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  OnModuleInit,
} from '@nestjs/common';
import { EventEmitter2, OnEvent } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { USER_ACCESS_CHANGED, UserAccessChangedEvent } from '@/auth/auth.events';
import { Unprocessable } from '@/common/errors/domain-errors';
import { publish } from '@/common/publish';
import type { AppConfig } from '@/config/config';
import { APP_CONFIG } from '@/config/config.module';
import { PresenceService } from '@/routing/presence.service';
import { hasRoom, planAssignments, type RoutingAgent } from '@/routing/routing-rules';
import {
  AGENT_AVAILABLE,
  TICKET_ASSIGNED,
  TICKET_QUEUED,
  TicketAssignedEvent,
  TicketQueuedEvent,
} from '@/routing/routing.events';
import { AgentSettings, RoutingRepository } from '@/routing/routing.repository';
import type { AssigneePicker, AssignmentReason } from '@/tickets/assignment';
import type { TicketStatus } from '@/tickets/ticket.entity';
import {
  TICKET_CREATED,
  TICKET_UPDATED,
  TicketCreatedEvent,
  TicketUpdatedEvent,
} from '@/tickets/ticket.events';
import { toTicketResponse } from '@/tickets/ticket.response';
import { TicketsRepository } from '@/tickets/tickets.repository';
import { TicketsService } from '@/tickets/tickets.service';
import type { Role } from '@/users/user.entity';
import { type StaffSettings, UsersService } from '@/users/users.service';

/** Tickets per drain transaction: set-based statements, locks held ~0.1 s (B8 measures it). */
export const DRAIN_BATCH = 1000;
const LOAD_STATUSES: ReadonlySet<TicketStatus> = new Set(['open', 'in_progress']);

export type { StaffSettings } from '@/users/users.service';

@Injectable()
export class RoutingService
  implements AssigneePicker, OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown
{
  private readonly logger = new Logger(RoutingService.name);
  private timer: NodeJS.Timeout | undefined;
  private sweeping = false;
  private draining: Promise<void> | undefined;
  private drainAgain = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: RoutingRepository,
    private readonly presence: PresenceService,
    private readonly ticketsService: TicketsService,
    private readonly tickets: TicketsRepository,
    private readonly events: EventEmitter2,
    private readonly users: UsersService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private get enabled(): boolean {
    return this.config.routing.requirePresence;
  }

  onModuleInit(): void {
    this.users.useStaffSettings(this);
    if (this.enabled) this.ticketsService.useAssigneePicker(this);
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), this.config.routing.sweepSeconds * 1000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** The assignee of a new ticket, inside its creating transaction; null queues it. */
  async pick(manager: EntityManager, ticket: { category: string }): Promise<string | null> {
    const strategy = this.config.tickets.assignmentStrategy;
    const { presenceTimeoutSeconds, defaultCapacity } = this.config.routing;
    // Who may take it is read before the round-robin position is locked, so the section every
    // creation passes one at a time stays as short as before routing.
    let last: string | null = null;
    const online = () =>
      this.repository.onlineCsrs(manager, presenceTimeoutSeconds, defaultCapacity, last);
    let agents = await online();
    if (agents.length === 0) return null;
    if (strategy !== 'random') {
      last = await this.tickets.lockAssignmentCursor(manager);
      // The last assignee went offline: read again with them, for the cycle's position.
      if (last !== null && !agents.some((agent) => agent.id === last)) agents = await online();
    }
    agents = await this.withLoads(manager, agents);
    const queued = { id: '', category: ticket.category, priority: null, createdAt: new Date() };
    for (;;) {
      const chosen = planAssignments(strategy, agents, last, [queued]).assignments[0]?.assigneeId;
      if (chosen === undefined) return null;
      const agent = agents.find((candidate) => candidate.id === chosen)!;
      // No limit, nothing to exceed: no lock. Otherwise lock only the agent this ticket goes to
      // and count their load again, now that no other assignment to them can run.
      if (agent.capacity === null || (await this.stillHasRoom(manager, agent))) {
        if (strategy !== 'random') await this.tickets.moveAssignmentCursor(manager, chosen);
        return chosen;
      }
      agents = agents.map((candidate) =>
        candidate.id === chosen ? { ...candidate, presence: 'offline' as const } : candidate,
      );
    }
  }

  /** Drains the queue soon; requests while a drain runs make one more pass after it. */
  requestDrain(): void {
    if (!this.enabled) return;
    if (this.draining !== undefined) {
      this.drainAgain = true;
      return;
    }
    this.draining = (async () => {
      do {
        this.drainAgain = false;
        try {
          // Most requests find the queue empty: one probe instead of taking the locks.
          if (await this.tickets.hasQueued()) await this.drain('queue');
        } catch (error) {
          this.logger.warn(
            `Drain failed: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
      } while (this.drainAgain);
      this.draining = undefined;
    })();
  }

  /**
   * Assigns queued tickets (only `onlyIds`, when given) in queue order by the strategy, a batch
   * per transaction, until no agent can take one or none is left. Returns the ids assigned.
   */
  async drain(reason: AssignmentReason, onlyIds?: readonly string[]): Promise<Set<string>> {
    const assigned = new Set<string>();
    const strategy = this.config.tickets.assignmentStrategy;
    for (;;) {
      const batch = await this.dataSource.transaction(async (manager) => {
        const last =
          strategy === 'random' ? null : await this.tickets.lockAssignmentCursor(manager);
        const agents = await this.lockAgents(manager, last);
        const open = (agents ?? []).filter(
          (agent) => agent.presence === 'online' && agent.role === 'csr' && hasRoom(agent),
        );
        if (agents === null || open.length === 0) return { tickets: [], full: false };
        const categories = open.some((agent) => agent.categories.length === 0)
          ? null
          : [...new Set(open.flatMap((agent) => agent.categories))];
        const room = open.reduce(
          (sum, agent) => (agent.capacity === null ? Infinity : sum + agent.capacity - agent.load),
          0,
        );
        const limit = Math.min(DRAIN_BATCH, room, onlyIds?.length ?? Infinity);
        const queued = await this.tickets.claimQueued(manager, limit, categories, onlyIds);
        const plan = planAssignments(strategy, agents, last, queued);
        const tickets = await this.tickets.assignMany(manager, plan.assignments, strategy, reason);
        await this.ticketsService.recordChanges(
          manager,
          tickets.map((ticket) => ({ before: { ...ticket, assignedToId: null }, after: ticket })),
        );
        if (strategy !== 'random' && plan.lastAssigneeId !== null && plan.lastAssigneeId !== last) {
          await this.tickets.moveAssignmentCursor(manager, plan.lastAssigneeId);
        }
        // Another pass only when the queue may hold more and someone still has room for it.
        const given = new Map<string, number>();
        for (const { assigneeId } of plan.assignments) {
          given.set(assigneeId, (given.get(assigneeId) ?? 0) + 1);
        }
        const roomLeft = open.some((agent) =>
          hasRoom({ ...agent, load: agent.load + (given.get(agent.id) ?? 0) }),
        );
        return { tickets, full: queued.length === limit && roomLeft };
      });
      for (const ticket of batch.tickets) {
        assigned.add(ticket.id);
        publish<TicketUpdatedEvent>(this.events, TICKET_UPDATED, {
          ticket: toTicketResponse(ticket),
          previousAssigneeId: null,
          assignmentReason: reason,
        });
      }
      if (batch.tickets.length === 0 || !batch.full || onlyIds !== undefined) return assigned;
    }
  }

  /** Capacity and categories of staff members, as their user JSON carries them. */
  async settingsOf(ids: readonly string[]): Promise<Map<string, StaffSettings>> {
    const agents = await this.presence.agents(ids);
    return new Map(
      agents.map((agent) => [
        agent.id,
        { maxOpenTickets: agent.capacity, categories: [...agent.categories] },
      ]),
    );
  }

  /** Inside an admin's user update: a role other than staff cannot carry routing settings. */
  async updateSettings(
    manager: EntityManager,
    userId: string,
    role: Role,
    settings: AgentSettings,
  ): Promise<void> {
    if (settings.maxOpenTickets === undefined && settings.categories === undefined) return;
    if (role !== 'csr' && role !== 'admin') {
      throw new Unprocessable('max_open_tickets and categories apply to csr and admin users only');
    }
    await this.repository.updateSettings(manager, userId, settings);
  }

  /** After a committed change of an agent's settings: announce it, and they may take work now. */
  agentChanged(userId: string): void {
    this.presence.announce(userId);
    this.requestDrain();
  }

  /** One pass of the safety net: requeue, announce expiries, drain, forget dead instances. */
  async sweep(): Promise<void> {
    if (this.sweeping) return;
    this.sweeping = true;
    const { presenceTimeoutSeconds, requeueAfterSeconds } = this.config.routing;
    try {
      if (this.enabled && requeueAfterSeconds > 0) {
        const gone = await this.repository.offlineAssignees(
          presenceTimeoutSeconds,
          requeueAfterSeconds,
        );
        if (gone.length > 0) await this.requeue(gone, ['open'], 'agent_offline');
      }
      await this.presence.announceExpired();
      if (this.enabled) await this.drain('queue');
      await this.repository.pruneInstances(presenceTimeoutSeconds + requeueAfterSeconds + 3600);
    } catch (error) {
      this.logger.warn(`Sweep failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.sweeping = false;
    }
  }

  /** An agent connected or went online: they may take queued work. */
  @OnEvent(AGENT_AVAILABLE)
  onAgentAvailable(): void {
    this.requestDrain();
  }

  @OnEvent(TICKET_CREATED)
  onTicketCreated({ ticket }: TicketCreatedEvent): void {
    if (ticket.assigned_to_id === null) {
      publish<TicketQueuedEvent>(this.events, TICKET_QUEUED, { ticket });
      return;
    }
    publish<TicketAssignedEvent>(this.events, TICKET_ASSIGNED, { ticket, reason: 'created' });
    this.presence.announce(ticket.assigned_to_id);
  }

  @OnEvent(TICKET_UPDATED)
  onTicketUpdated(event: TicketUpdatedEvent): void {
    const { ticket, previousAssigneeId, previousStatus } = event;
    if (previousAssigneeId !== undefined) {
      if (ticket.assigned_to_id !== null) {
        publish<TicketAssignedEvent>(this.events, TICKET_ASSIGNED, {
          ticket,
          reason: event.assignmentReason ?? 'manual',
        });
        this.presence.announce(ticket.assigned_to_id);
      }
      if (previousAssigneeId !== null) {
        this.presence.announce(previousAssigneeId);
        // Reassigned away (not requeued): the previous agent may have room now.
        if (ticket.assigned_to_id !== null) this.requestDrain();
      }
      return;
    }
    if (previousStatus === undefined) return;
    const wasLoad = LOAD_STATUSES.has(previousStatus);
    const isLoad = LOAD_STATUSES.has(ticket.status);
    if (wasLoad === isLoad) return;
    if (ticket.assigned_to_id !== null) {
      this.presence.announce(ticket.assigned_to_id);
      if (!isLoad) this.requestDrain();
    } else if (isLoad) {
      // An unassigned ticket reopened: it is back in the queue.
      publish<TicketQueuedEvent>(this.events, TICKET_QUEUED, { ticket });
      this.requestDrain();
    }
  }

  @OnEvent(USER_ACCESS_CHANGED, { async: true })
  async onUserAccessChanged({ userId }: UserAccessChangedEvent): Promise<void> {
    try {
      const [agent] = await this.presence.agents([userId]);
      if (agent === undefined) return;
      this.presence.announce(userId);
      if (!agent.isActive) {
        if (this.enabled)
          await this.requeue([userId], ['open', 'in_progress'], 'agent_deactivated');
      } else {
        this.requestDrain();
      }
    } catch (error) {
      this.logger.warn(
        `Routing after an access change failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  /** Takes the agents' tickets back and routes them again at once; what finds nobody is queued. */
  private async requeue(
    assigneeIds: readonly string[],
    statuses: readonly TicketStatus[],
    reason: 'agent_offline' | 'agent_deactivated',
  ): Promise<void> {
    for (;;) {
      const released = await this.dataSource.transaction(async (manager) => {
        const rows = await this.tickets.unassignFrom(
          manager,
          assigneeIds,
          statuses,
          reason,
          DRAIN_BATCH,
        );
        await this.ticketsService.recordChanges(
          manager,
          rows.map(({ ticket, previousAssigneeId }) => ({
            before: { ...ticket, assignedToId: previousAssigneeId },
            after: ticket,
          })),
        );
        return rows;
      });
      for (const { ticket, previousAssigneeId } of released) {
        publish<TicketUpdatedEvent>(this.events, TICKET_UPDATED, {
          ticket: toTicketResponse(ticket),
          previousAssigneeId,
        });
      }
      const ids = released.map(({ ticket }) => ticket.id);
      const assigned = ids.length === 0 ? new Set<string>() : await this.drain('requeued', ids);
      for (const { ticket } of released) {
        if (assigned.has(ticket.id)) continue;
        publish<TicketQueuedEvent>(this.events, TICKET_QUEUED, {
          ticket: toTicketResponse(ticket),
        });
      }
      if (released.length < DRAIN_BATCH) return;
    }
  }

  /**
   * Locks the online CSRs, then reads them (and the last assignee, for the cycle's position)
   * with fresh loads; an agent not locked is never eligible. null: nobody is online.
   */
  private async lockAgents(
    manager: EntityManager,
    lastAssigneeId: string | null,
  ): Promise<RoutingAgent[] | null> {
    const locked = await this.repository.lockOnlineCsrs(
      manager,
      this.config.routing.presenceTimeoutSeconds,
    );
    if (locked.length === 0) return null;
    const ids = lastAssigneeId === null ? locked : [...locked, lastAssigneeId];
    const lockedIds = new Set(locked);
    const agents = await this.withLoads(manager, await this.presence.agents(ids, manager, false));
    return agents.map((agent) =>
      lockedIds.has(agent.id) ? agent : { ...agent, presence: 'offline' as const },
    );
  }

  private async stillHasRoom(manager: EntityManager, agent: RoutingAgent): Promise<boolean> {
    const [locked] = await this.repository.lockOnlineCsrs(
      manager,
      this.config.routing.presenceTimeoutSeconds,
      agent.id,
    );
    if (locked === undefined) return false;
    const load = (await this.tickets.loads(manager, [agent.id])).get(agent.id) ?? 0;
    return hasRoom({ capacity: agent.capacity, load });
  }

  /** Round robin and random over agents without a limit never look at loads: skip the counts. */
  private async withLoads<T extends RoutingAgent>(
    manager: EntityManager,
    agents: readonly T[],
  ): Promise<T[]> {
    const needLoads =
      this.config.tickets.assignmentStrategy === 'least_loaded' ||
      agents.some((agent) => agent.capacity !== null);
    if (!needLoads) return [...agents];
    const loads = await this.tickets.loads(
      manager,
      agents.map((agent) => agent.id),
    );
    return agents.map((agent) => ({ ...agent, load: loads.get(agent.id) ?? 0 }));
  }
}
