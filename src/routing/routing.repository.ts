// Every SQL statement of the routing module: instance liveness, agents' sockets and settings, and
// the agent state (presence, load, capacity) every instance computes the same from the database.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Availability } from '@/routing/agent-profile.entity';
import { effectivePresence, type Presence, type RoutingAgent } from '@/routing/routing-rules';
import type { Role } from '@/users/user.entity';

export interface Agent extends RoutingAgent {
  fullName: string;
  availability: Availability;
  connected: boolean;
  lastSeenAt: Date | null;
}

export interface AgentSettings {
  /** null: no limit. */
  maxOpenTickets?: number | null;
  categories?: string[];
}

interface AgentRow {
  id: string;
  full_name: string;
  role: Role;
  is_active: boolean;
  availability: Availability;
  connected: boolean;
  last_seen_at: Date | null;
  load: number;
  capacity: number | null;
  categories: string[];
}

const TIMEOUT = (param: string) => `make_interval(secs => ${param}::float8)`;

/**
 * Connected: a REST heartbeat within the timeout, or a socket on an instance that renewed its
 * liveness within the timeout (a killed instance's sockets stop counting by themselves).
 */
const connectedSql = (user: string, profile: string, timeout: string) =>
  `(coalesce(${profile}.heartbeat_at > now() - ${TIMEOUT(timeout)}, false)
    OR EXISTS (SELECT 1 FROM agent_connections c JOIN routing_instances i ON i.id = c.instance_id
                WHERE c.user_id = ${user} AND i.renewed_at > now() - ${TIMEOUT(timeout)}))`;

const LOAD_SQL = `(SELECT count(*)::int FROM tickets t
                    WHERE t.assigned_to_id = u.id AND t.status IN ('open', 'in_progress'))`;

/** $1 the presence timeout in seconds, $2 the default capacity. */
const agentSelect = (load: string) => `
  SELECT u.id, u.full_name, u.role, u.is_active,
         coalesce(p.availability, 'online') AS availability,
         ${connectedSql('u.id', 'p', '$1')} AS connected,
         greatest(p.last_seen_at, p.heartbeat_at,
                  (SELECT max(i.renewed_at) FROM agent_connections c
                     JOIN routing_instances i ON i.id = c.instance_id WHERE c.user_id = u.id))
           AS last_seen_at,
         ${load} AS load,
         CASE WHEN p.capacity_set THEN p.max_open_tickets ELSE $2::int END AS capacity,
         coalesce(p.categories, '{}') AS categories
    FROM users u LEFT JOIN agent_profiles p ON p.user_id = u.id`;

@Injectable()
export class RoutingRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async registerInstance(id: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO routing_instances (id) VALUES ($1)
       ON CONFLICT (id) DO UPDATE SET renewed_at = now()`,
      [id],
    );
  }

  /** Renews this instance's liveness (re-creating its row if a sweep took it for dead). */
  renewInstance(id: string): Promise<void> {
    return this.registerInstance(id);
  }

  /** An instance shutting down takes its sockets with it; their agents were last seen now. */
  async removeInstance(id: string): Promise<void> {
    await this.dataSource.query(
      `WITH gone AS (
         DELETE FROM agent_connections WHERE instance_id = $1 RETURNING user_id
       ), seen AS (
         UPDATE agent_profiles SET last_seen_at = now() WHERE user_id IN (SELECT user_id FROM gone)
       )
       DELETE FROM routing_instances WHERE id = $1`,
      [id],
    );
  }

  /** Forgets instances dead for longer than `seconds` (their sockets stopped counting long ago). */
  async pruneInstances(seconds: number): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM routing_instances WHERE renewed_at < now() - ${TIMEOUT('$1')}`,
      [seconds],
    );
  }

  async addConnection(socketId: string, instanceId: string, userId: string): Promise<void> {
    await this.dataSource.query(
      `WITH seen AS (
         INSERT INTO agent_profiles AS p (user_id, last_seen_at) VALUES ($3, now())
         ON CONFLICT (user_id) DO UPDATE SET last_seen_at = now()
       )
       INSERT INTO agent_connections (socket_id, instance_id, user_id) VALUES ($1, $2, $3)
       ON CONFLICT (socket_id) DO UPDATE SET instance_id = EXCLUDED.instance_id`,
      [socketId, instanceId, userId],
    );
  }

  async removeConnection(socketId: string, userId: string): Promise<void> {
    await this.dataSource.query(
      `WITH gone AS (DELETE FROM agent_connections WHERE socket_id = $1)
       UPDATE agent_profiles SET last_seen_at = now() WHERE user_id = $2`,
      [socketId, userId],
    );
  }

  /** A REST heartbeat: sets the availability and keeps the agent connected for the timeout. */
  async heartbeat(userId: string, availability: Availability): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO agent_profiles AS p (user_id, availability, heartbeat_at, last_seen_at)
       VALUES ($1, $2, now(), now())
       ON CONFLICT (user_id) DO UPDATE
         SET availability = EXCLUDED.availability, heartbeat_at = now(), last_seen_at = now(),
             updated_at = now()`,
      [userId, availability],
    );
  }

  /** Writes capacity and/or categories inside the caller's transaction. */
  async updateSettings(
    manager: EntityManager,
    userId: string,
    settings: AgentSettings,
  ): Promise<void> {
    const capacitySet = settings.maxOpenTickets !== undefined;
    await manager.query(
      `INSERT INTO agent_profiles AS p (user_id, max_open_tickets, capacity_set, categories)
       VALUES ($1, $2, $3, coalesce($4::varchar[], '{}'))
       ON CONFLICT (user_id) DO UPDATE
         SET max_open_tickets = CASE WHEN $3 THEN EXCLUDED.max_open_tickets
                                     ELSE p.max_open_tickets END,
             capacity_set = p.capacity_set OR $3,
             categories = coalesce($4::varchar[], p.categories),
             updated_at = now()`,
      [userId, settings.maxOpenTickets ?? null, capacitySet, settings.categories ?? null],
    );
  }

  /** Staff (active or not) with their routing state; `ids` undefined: every active staff member. */
  async agents(
    timeoutSeconds: number,
    defaultCapacity: number | null,
    ids?: readonly string[],
    manager: EntityManager = this.dataSource.manager,
    /** false: load 0, for a caller that counts loads only when capacity asks for it. */
    withLoad = true,
  ): Promise<Agent[]> {
    const where =
      ids === undefined
        ? `u.role IN ('csr', 'admin') AND u.is_active`
        : `u.role IN ('csr', 'admin') AND u.id = ANY($3::uuid[])`;
    const params: unknown[] = [timeoutSeconds, defaultCapacity];
    if (ids !== undefined) params.push(ids);
    const rows = await manager.query<AgentRow[]>(
      `${agentSelect(withLoad ? LOAD_SQL : '0')} WHERE ${where} ORDER BY u.created_at, u.id`,
      params,
    );
    return rows.map(toAgent);
  }

  /**
   * Locks the agents routable by presence (active CSRs, online and connected) in id order, one
   * order for every caller, and returns their ids. Whoever assigns automatically holds these
   * locks, so two transactions never fill one agent at once; loads are read after, by a new
   * statement that sees every assignment committed before the locks were granted.
   */
  async lockOnlineCsrs(
    manager: EntityManager,
    timeoutSeconds: number,
    /** Only this agent (a new ticket locks just the one it goes to). */
    only?: string,
  ): Promise<string[]> {
    const rows = await manager.query<{ user_id: string }[]>(
      `SELECT p.user_id FROM agent_profiles p JOIN users u ON u.id = p.user_id
        WHERE u.role = 'csr' AND u.is_active AND p.availability = 'online'
          AND ${connectedSql('p.user_id', 'p', '$1')}
          AND ($2::uuid IS NULL OR p.user_id = $2::uuid)
        ORDER BY p.user_id
          FOR UPDATE OF p`,
      [timeoutSeconds, only ?? null],
    );
    return rows.map((row) => row.user_id);
  }

  /** Whether an active CSR's presence is online (as lockOnlineCsrs decides it), without locks. */
  async anyOnlineCsr(timeoutSeconds: number): Promise<boolean> {
    const rows = await this.dataSource.query<{ online: boolean }[]>(
      `SELECT EXISTS (
         SELECT 1 FROM agent_profiles p JOIN users u ON u.id = p.user_id
          WHERE u.role = 'csr' AND u.is_active AND p.availability = 'online'
            AND ${connectedSql('p.user_id', 'p', '$1')}
       ) AS online`,
      [timeoutSeconds],
    );
    return rows[0]?.online === true;
  }

  /**
   * Without locks: the online CSRs (and the last assignee, for the cycle's position), in cycle
   * order, for choosing a new ticket's assignee.
   */
  async onlineCsrs(
    manager: EntityManager,
    timeoutSeconds: number,
    defaultCapacity: number | null,
    lastAssigneeId: string | null,
  ): Promise<Agent[]> {
    // Lean (no last_seen_at, no load): it runs for every new ticket, and planning is its cost.
    const rows = await manager.query<AgentRow[]>(
      `SELECT u.id, u.full_name, u.role, u.is_active, coalesce(p.availability, 'online') AS availability,
              ${connectedSql('u.id', 'p', '$1')} AS connected, NULL AS last_seen_at, 0 AS load,
              CASE WHEN p.capacity_set THEN p.max_open_tickets ELSE $2::int END AS capacity,
              coalesce(p.categories, '{}') AS categories
         FROM users u LEFT JOIN agent_profiles p ON p.user_id = u.id
        WHERE (u.role = 'csr' AND u.is_active AND p.availability = 'online'
               AND ${connectedSql('u.id', 'p', '$1')})
           OR u.id = $3::uuid
        ORDER BY u.created_at, u.id`,
      [timeoutSeconds, defaultCapacity, lastAssigneeId],
    );
    return rows.map(toAgent);
  }

  /**
   * Records the presence of agents whose presence differs from the one last announced, and
   * returns them: each change is announced once, by whichever instance records it.
   */
  async presenceChanges(timeoutSeconds: number): Promise<string[]> {
    const rows = await this.dataSource.query<{ user_id: string }[]>(
      `WITH current AS (
         SELECT p.user_id,
                CASE WHEN ${connectedSql('p.user_id', 'p', '$1')} THEN p.availability::text
                     ELSE 'offline' END AS presence
           FROM agent_profiles p
       ), changed AS (
         UPDATE agent_profiles p SET announced_presence = current.presence
           FROM current
          WHERE p.user_id = current.user_id
            AND p.announced_presence IS DISTINCT FROM current.presence
         RETURNING p.user_id, p.announced_presence
       ), logged AS (
         -- The presence log (the reports' time online): written by the statement that changed
         -- the row, so each change is logged once however many instances sweep.
         INSERT INTO agent_presence_changes (user_id, presence)
         SELECT user_id, announced_presence FROM changed
       )
       -- A top-level UPDATE would come back from the driver as [rows, count].
       SELECT user_id FROM changed`,
      [timeoutSeconds],
    );
    return rows.map((row) => row.user_id);
  }

  async markAnnounced(presences: readonly { userId: string; presence: Presence }[]): Promise<void> {
    if (presences.length === 0) return;
    await this.dataSource.query(
      `WITH changed AS (
         UPDATE agent_profiles p SET announced_presence = a.presence
           FROM unnest($1::uuid[], $2::text[]) AS a(user_id, presence)
          WHERE p.user_id = a.user_id AND p.announced_presence IS DISTINCT FROM a.presence
         RETURNING p.user_id, p.announced_presence
       )
       -- Logged by the statement that changed it, as in presenceChanges.
       INSERT INTO agent_presence_changes (user_id, presence)
       SELECT user_id, announced_presence FROM changed`,
      [presences.map((entry) => entry.userId), presences.map((entry) => entry.presence)],
    );
  }

  /**
   * Staff holding `open` tickets who have been offline for `afterSeconds`: not connected, and
   * their last sign of life (socket closed, heartbeat or instance renewal, plus the timeout for
   * the last two) is that old. Never seen at all: offline since the oldest running instance
   * started (as long as routing has been watching), so an upgrade does not requeue everything.
   */
  async offlineAssignees(timeoutSeconds: number, afterSeconds: number): Promise<string[]> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      `SELECT u.id
         FROM users u LEFT JOIN agent_profiles p ON p.user_id = u.id
        WHERE u.id IN (SELECT DISTINCT assigned_to_id FROM tickets
                        WHERE status = 'open' AND assigned_to_id IS NOT NULL)
          AND NOT ${connectedSql('u.id', 'p', '$1')}
          AND coalesce(greatest(
                p.last_seen_at,
                p.heartbeat_at + ${TIMEOUT('$1')},
                (SELECT max(i.renewed_at) FROM agent_connections c
                   JOIN routing_instances i ON i.id = c.instance_id WHERE c.user_id = u.id)
                  + ${TIMEOUT('$1')},
                (SELECT min(started_at) FROM routing_instances)
              ) < now() - ${TIMEOUT('$2')}, true)`,
      [timeoutSeconds, afterSeconds],
    );
    return rows.map((row) => row.id);
  }
}

function toAgent(row: AgentRow): Agent {
  return {
    id: row.id,
    fullName: row.full_name,
    role: row.role,
    isActive: row.is_active,
    availability: row.availability,
    connected: row.connected,
    presence: effectivePresence(row.connected, row.availability),
    lastSeenAt: row.last_seen_at,
    load: row.load,
    capacity: row.capacity,
    categories: row.categories,
  };
}
