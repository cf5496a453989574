// The routing rules as pure functions, so they can be tested without a database: who may take a
// ticket, the queue's order, and how a batch of queued tickets is shared among agents.
import type { AssignmentStrategy } from '@/config/config';
import { type AssignmentCandidate, chooseAssignee } from '@/tickets/assignment';
import type { TicketPriority } from '@/tickets/ticket.entity';
import type { Role } from '@/users/user.entity';
import type { Availability } from '@/routing/agent-profile.entity';

/** Effective presence: offline when not connected, else the chosen availability. */
export type Presence = Availability;

export interface RoutingAgent {
  id: string;
  role: Role;
  isActive: boolean;
  presence: Presence;
  /** Tickets assigned with status open or in progress. */
  load: number;
  /** null: no limit. */
  capacity: number | null;
  /** Empty: every category. */
  categories: readonly string[];
}

export function effectivePresence(connected: boolean, availability: Availability): Presence {
  return connected ? availability : 'offline';
}

export function hasRoom(agent: Pick<RoutingAgent, 'load' | 'capacity'>): boolean {
  return agent.capacity === null || agent.load < agent.capacity;
}

/** Active, a CSR, online, below capacity, and skilled for the category (no skills: all). */
export function isRoutable(agent: RoutingAgent, category: string): boolean {
  return (
    agent.isActive &&
    agent.role === 'csr' &&
    agent.presence === 'online' &&
    hasRoom(agent) &&
    (agent.categories.length === 0 || agent.categories.includes(category))
  );
}

/** Queue rank of a priority: urgent first, unset last (QUEUE_RANK_SQL says the same in SQL). */
export const QUEUE_RANK: Record<TicketPriority | 'none', number> = {
  urgent: 0,
  high: 1,
  medium: 2,
  low: 3,
  none: 4,
};

export interface QueuedTicket {
  id: string;
  category: string;
  priority: TicketPriority | null;
  createdAt: Date;
}

/** Queue order: priority urgent, high, medium, low, none; then oldest first; then id. */
export function compareQueue(a: QueuedTicket, b: QueuedTicket): number {
  return (
    QUEUE_RANK[a.priority ?? 'none'] - QUEUE_RANK[b.priority ?? 'none'] ||
    a.createdAt.getTime() - b.createdAt.getTime() ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

export interface AssignmentPlan {
  assignments: { ticketId: string; assigneeId: string }[];
  /** The round-robin position after the batch. */
  lastAssigneeId: string | null;
}

/**
 * Shares `tickets` (any order; taken in queue order) among `agents` (in cycle order, created_at
 * then id) by the strategy, one at a time as if each were routed alone: each assignment raises
 * the agent's load, so nobody passes capacity; a ticket nobody may take is left queued.
 */
export function planAssignments(
  strategy: AssignmentStrategy,
  agents: readonly RoutingAgent[],
  lastAssigneeId: string | null,
  tickets: readonly QueuedTicket[],
  random: () => number = Math.random,
): AssignmentPlan {
  const loads = new Map(agents.map((agent) => [agent.id, agent.load]));
  const assignments: AssignmentPlan['assignments'] = [];
  let last = lastAssigneeId;
  for (const ticket of [...tickets].sort(compareQueue)) {
    const candidates: AssignmentCandidate[] = agents.map((agent) => {
      const load = loads.get(agent.id) ?? agent.load;
      return { id: agent.id, load, eligible: isRoutable({ ...agent, load }, ticket.category) };
    });
    const chosen = chooseAssignee(strategy, candidates, last, random);
    if (chosen === null) continue;
    loads.set(chosen, (loads.get(chosen) ?? 0) + 1);
    assignments.push({ ticketId: ticket.id, assigneeId: chosen });
    last = chosen;
  }
  return { assignments, lastAssigneeId: last };
}
