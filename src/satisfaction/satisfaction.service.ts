// Owns satisfaction ratings: an owner rates a resolution of their ticket once, and staff read the
// totals. The ticket itself (its lock, timeline and snapshot) is changed through TicketsService.
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Conflict, ValidationFailed } from '@/common/errors/domain-errors';
import type { AppConfig } from '@/config/config';
import { APP_CONFIG } from '@/config/config.module';
import { ratingVerdict } from '@/satisfaction/rating-window';
import { RatingFilter, SatisfactionRepository } from '@/satisfaction/satisfaction.repository';
import type { TicketActor } from '@/tickets/ticket-access.policy';
import type { SatisfactionSnapshot } from '@/tickets/ticket.entity';
import { TicketsService } from '@/tickets/tickets.service';
import { WebhookOutbox } from '@/webhooks/webhook-outbox';

export interface RatingInput {
  rating: number;
  comment: string | null;
}

export interface SatisfactionReport {
  count: number;
  /** Null when nothing was rated. */
  average: number | null;
  /** Every value from 1 to 5, with 0 for those nobody gave. */
  distribution: Record<RatingKey, number>;
}

const RATING_KEYS = ['1', '2', '3', '4', '5'] as const;
type RatingKey = (typeof RATING_KEYS)[number];

class NotRatable extends Conflict {
  constructor(reason: 'not_resolved' | 'window_passed' | 'rated') {
    super(
      reason === 'rated'
        ? 'This resolution of the ticket was rated already'
        : reason === 'window_passed'
          ? 'The time to rate this ticket has passed'
          : 'Only a resolved ticket (or one closed after its resolution) can be rated',
    );
  }
}

@Injectable()
export class SatisfactionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ratings: SatisfactionRepository,
    private readonly tickets: TicketsService,
    private readonly outbox: WebhookOutbox,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Makes one user's ratings another's, in the caller's transaction (a merged widget guest). */
  moveRater(manager: EntityManager, fromUserId: string, toUserId: string): Promise<void> {
    return this.ratings.moveRater(manager, fromUserId, toUserId);
  }

  /**
   * Rates the ticket's current resolution. The ticket's lock serialises raters, and the unique
   * (ticket, resolution) constraint makes a second rating of one resolution impossible anyway.
   */
  async rate(
    actor: TicketActor,
    ticketId: string,
    input: RatingInput,
  ): Promise<SatisfactionSnapshot> {
    const { snapshot, ticket } = await this.dataSource.transaction(async (manager) => {
      const locked = await this.tickets.lockAccessible(manager, actor, ticketId, 'owner');
      const resolution = await this.tickets.latestResolution(manager, ticketId);
      const verdict = ratingVerdict(
        {
          status: locked.status,
          resolvedAt: resolution?.resolvedAt ?? null,
          lastChangeFrom: resolution?.lastChangeFrom ?? null,
        },
        new Date(),
        this.config.tickets.csatWindowSeconds,
      );
      if (verdict !== 'allowed' || resolution === null) {
        throw new NotRatable(verdict === 'window_passed' ? verdict : 'not_resolved');
      }
      const rating = await this.ratings.insert(manager, {
        ticketId,
        resolutionEventId: resolution.eventId,
        userId: actor.id,
        assigneeId: locked.assignedToId,
        rating: input.rating,
        comment: input.comment,
      });
      if (rating === null) throw new NotRatable('rated');
      const snapshot: SatisfactionSnapshot = {
        ticket_id: ticketId,
        rating: rating.rating,
        comment: rating.comment,
        assignee_id: rating.assigneeId,
        rated_at: rating.ratedAt.toISOString(),
      };
      await this.outbox.record(manager, [{ type: 'csat.submitted', data: snapshot }]);
      return {
        snapshot,
        ticket: await this.tickets.recordSatisfaction(manager, actor.id, locked, snapshot),
      };
    });
    this.tickets.publishUpdated(ticket);
    return snapshot;
  }

  async report(filter: RatingFilter): Promise<SatisfactionReport> {
    if (filter.from !== undefined && filter.to !== undefined && filter.to < filter.from) {
      throw new ValidationFailed([{ field: 'to', message: 'to must not be before from' }]);
    }
    const counts = await this.ratings.distribution(filter);
    const distribution = Object.fromEntries(
      RATING_KEYS.map((key) => [key, counts.get(Number(key)) ?? 0]),
    ) as Record<RatingKey, number>;
    let count = 0;
    let sum = 0;
    for (const key of RATING_KEYS) {
      count += distribution[key];
      sum += distribution[key] * Number(key);
    }
    // Two decimals: a mean of whole ratings means nothing finer.
    const average = count === 0 ? null : Math.round((sum / count) * 100) / 100;
    return { count, average, distribution };
  }
}
