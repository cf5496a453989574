// Owns presence: this instance's liveness row, the staff sockets it holds, REST heartbeats, and
// the `presence` announcements (batched per tick, one per agent, after the change committed).
import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { randomUUID } from 'node:crypto';
import { publish } from '@/common/publish';
import type { AppConfig } from '@/config/config';
import { APP_CONFIG } from '@/config/config.module';
import type { Availability } from '@/routing/agent-profile.entity';
import {
  AGENT_AVAILABLE,
  AGENT_PRESENCE,
  AgentAvailableEvent,
  AgentPresenceEvent,
} from '@/routing/routing.events';
import type { Presence } from '@/routing/routing-rules';

/** Changes within this window make one announcement (a burst of assignments: one query). */
const ANNOUNCE_WINDOW_MS = 50;
import { Agent, RoutingRepository } from '@/routing/routing.repository';

@Injectable()
export class PresenceService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly instanceId = randomUUID();
  private readonly logger = new Logger(PresenceService.name);
  private timer: NodeJS.Timeout | undefined;
  private readonly toAnnounce = new Set<string>();
  private announcing: Promise<void> | undefined;
  /** The presence this instance last recorded as announced, to skip writing it again. */
  private readonly recorded = new Map<string, Presence>();

  constructor(
    private readonly repository: RoutingRepository,
    private readonly events: EventEmitter2,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Not fatal: before migrations ran (readiness says so) the next renewal registers it.
    await this.renew();
    // A third of the timeout: two renewals may fail (a database blip) before sockets stop counting.
    const every = (this.config.routing.presenceTimeoutSeconds * 1000) / 3;
    this.timer = setInterval(() => void this.renew(), every);
    this.timer.unref();
  }

  /** Before the database closes: this instance's sockets stop counting at once. */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.quietly('remove the instance', () =>
      this.repository.removeInstance(this.instanceId),
    );
  }

  async socketConnected(socketId: string, userId: string): Promise<void> {
    await this.quietly('record a connection', () =>
      this.repository.addConnection(socketId, this.instanceId, userId),
    );
    this.announce(userId);
    this.available(userId);
  }

  async socketDisconnected(socketId: string, userId: string): Promise<void> {
    await this.quietly('record a disconnect', () =>
      this.repository.removeConnection(socketId, userId),
    );
    this.announce(userId);
  }

  /** PUT /csr/me/presence: the availability, and a heartbeat. */
  async heartbeat(userId: string, availability: Availability): Promise<Agent> {
    await this.repository.heartbeat(userId, availability);
    this.announce(userId);
    if (availability === 'online') this.available(userId);
    return (await this.agents([userId]))[0]!;
  }

  listAgents(): Promise<Agent[]> {
    return this.repository.agents(
      this.config.routing.presenceTimeoutSeconds,
      this.config.routing.defaultCapacity,
    );
  }

  /** Whether any active CSR is online now, on any instance (read from the database). */
  anyCsrOnline(): Promise<boolean> {
    return this.repository.anyOnlineCsr(this.config.routing.presenceTimeoutSeconds);
  }

  /** Staff among `ids`, active or not, in cycle order (created_at, id). */
  agents(
    ids: readonly string[],
    manager?: Parameters<RoutingRepository['agents']>[3],
    withLoad = true,
  ): Promise<Agent[]> {
    return this.repository.agents(
      this.config.routing.presenceTimeoutSeconds,
      this.config.routing.defaultCapacity,
      ids,
      manager,
      withLoad,
    );
  }

  /** Announces the agent's presence and load soon: changes in one tick make one announcement. */
  announce(userId: string): void {
    this.toAnnounce.add(userId);
    this.announcing ??= new Promise<void>((done) => setTimeout(done, ANNOUNCE_WINDOW_MS)).then(() =>
      this.flushAnnouncements(),
    );
  }

  private available(userId: string): void {
    publish<AgentAvailableEvent>(this.events, AGENT_AVAILABLE, { userId });
  }

  /** Announces the agents whose presence changed without anyone acting (expiry, a dead instance). */
  async announceExpired(): Promise<void> {
    const changed = await this.repository.presenceChanges(
      this.config.routing.presenceTimeoutSeconds,
    );
    for (const userId of changed) this.announce(userId);
  }

  private async flushAnnouncements(): Promise<void> {
    const ids = [...this.toAnnounce];
    this.toAnnounce.clear();
    this.announcing = undefined;
    await this.quietly('announce presence', async () => {
      const agents = await this.agents(ids);
      const changed = agents.filter((agent) => this.recorded.get(agent.id) !== agent.presence);
      await this.repository.markAnnounced(
        changed.map((agent) => ({ userId: agent.id, presence: agent.presence })),
      );
      for (const agent of changed) this.recorded.set(agent.id, agent.presence);
      for (const agent of agents) {
        publish<AgentPresenceEvent>(this.events, AGENT_PRESENCE, {
          user_id: agent.id,
          presence: agent.presence,
          load: agent.load,
          capacity: agent.capacity,
        });
      }
    });
  }

  private async renew(): Promise<void> {
    await this.quietly('renew liveness', () => this.repository.renewInstance(this.instanceId));
  }

  /** Presence bookkeeping must never fail a request or a socket; the sweep repairs what it missed. */
  private async quietly(what: string, work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.logger.warn(
        `Could not ${what}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}
