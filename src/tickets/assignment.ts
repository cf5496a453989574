// Which CSR takes a new ticket. The database supplies the candidates in cycle order and the
// round-robin position; this decides, so the order rules can be tested without a database.
import type { EntityManager } from 'typeorm';
import type { AssignmentStrategy } from '@/config/config';

/** Why a ticket got its assignee (the `reason` of an `assigned` timeline event). */
export const ASSIGNMENT_REASONS = ['created', 'queue', 'manual', 'requeued'] as const;
export type AssignmentReason = (typeof ASSIGNMENT_REASONS)[number];

/**
 * Chooses the assignee of a new ticket inside its creating transaction, in place of the rule
 * "every active CSR" (the routing module registers one). Null leaves the ticket queued.
 */
export interface AssigneePicker {
  pick(manager: EntityManager, ticket: { category: string }): Promise<string | null>;
}

export interface AssignmentCandidate {
  id: string;
  /** An active CSR. Others are listed only to locate the cycle position (the last assignee). */
  eligible: boolean;
  /** Tickets open or in progress; only least_loaded asks the database for it. */
  load: number;
}

/**
 * `candidates` are in cycle order, (created_at, id). The cycle continues after `lastAssigneeId`
 * wherever they sit in it, so a CSR created since joins in turn and a deactivated one is passed
 * over. `random` returns a number in [0, 1).
 */
export function chooseAssignee(
  strategy: AssignmentStrategy,
  candidates: readonly AssignmentCandidate[],
  lastAssigneeId: string | null,
  random: () => number = Math.random,
): string | null {
  const eligible = candidates.filter((candidate) => candidate.eligible);
  if (eligible.length === 0) return null;
  if (strategy === 'random') {
    return eligible[Math.min(Math.floor(random() * eligible.length), eligible.length - 1)]!.id;
  }
  const inTurn = cycleAfter(candidates, lastAssigneeId);
  if (strategy === 'round_robin') return inTurn[0]!.id;
  const fewest = Math.min(...inTurn.map((candidate) => candidate.load));
  return inTurn.find((candidate) => candidate.load === fewest)!.id;
}

/** The eligible candidates in the order they are due, starting after the last assignee. */
export function cycleAfter(
  candidates: readonly AssignmentCandidate[],
  lastAssigneeId: string | null,
): AssignmentCandidate[] {
  const start = candidates.findIndex((candidate) => candidate.id === lastAssigneeId) + 1;
  return [...candidates.slice(start), ...candidates.slice(0, start)].filter(
    (candidate) => candidate.eligible,
  );
}
