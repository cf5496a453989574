// Delivers due webhooks on every instance: claims them with SKIP LOCKED (each attempt is made by
// one instance), sends up to WEBHOOK_CONCURRENCY at once, and records results in batches. A claim
// is a lease, so deliveries an instance held when it died are due again once it runs out.
import { randomUUID } from 'node:crypto';
import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
// The product's version for the User-Agent; the alias covers src/ only.
// eslint-disable-next-line no-restricted-imports
import { version } from '../../package.json';
import type { AppConfig } from '@/config/config';
import { APP_CONFIG } from '@/config/config.module';
import { attemptVerdict } from '@/webhooks/retry-schedule';
import { outboxRow } from '@/webhooks/webhook-body';
import { DISABLE_AFTER_FAILURES, ENDPOINT_DISABLED_EVENT } from '@/webhooks/webhook-limits';
import { WebhookSender } from '@/webhooks/webhook-sender';
import { signatureHeaders, signingSecrets } from '@/webhooks/webhook-signer';
import { AttemptResult, ClaimedDelivery, WebhooksRepository } from '@/webhooks/webhooks.repository';

export const USER_AGENT = `SupportTicketSystem-Webhooks/${version}`;
/** How often an idle dispatcher looks for due work that other instances queued. */
const POLL_MS = 1000;
/** After a local outbox write: soon enough for the writer's commit to have landed. */
const SOON_MS = 25;
/** Results wait this long for company before they are recorded in one transaction. */
const FLUSH_MS = 20;
const FLUSH_MAX = 200;
const PRUNE_EVERY_MS = 3600 * 1000;
const PRUNE_BATCH = 1000;

@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WebhookDispatcher.name);
  private sender: WebhookSender | undefined;
  private poller: NodeJS.Timeout | undefined;
  private soonTimer: NodeJS.Timeout | undefined;
  private flushTimer: NodeJS.Timeout | undefined;
  private inFlight = 0;
  private claiming = false;
  private claimAgain = false;
  private stopped = true;
  private results: AttemptResult[] = [];
  /** Claimed, not yet attempted. */
  private waiting: ClaimedDelivery[] = [];
  private flushing: Promise<void> | undefined;
  private lastPrune = 0;
  private idle: (() => void) | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: WebhooksRepository,
  ) {}

  onApplicationBootstrap(): void {
    const { allowPrivate, timeoutMs } = this.config.webhooks;
    this.sender = new WebhookSender({ allowPrivate, timeoutMs });
    this.stopped = false;
    this.poller = setInterval(() => this.tick(), POLL_MS);
    this.poller.unref();
    this.tick();
  }

  /** Stops claiming, lets attempts in flight finish (each bounded by the timeout), records them. */
  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.poller);
    clearTimeout(this.soonTimer);
    const unstarted = this.waiting.splice(0);
    if (this.inFlight > 0) await new Promise<void>((resolve) => (this.idle = resolve));
    await this.flush();
    await this.repository.release(unstarted).catch((error: unknown) => {
      // Their leases run out instead.
      this.logger.warn(
        `Releasing claims failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
    await this.sender?.close();
  }

  /** Something was queued here: look again shortly instead of at the next poll. */
  soon(): void {
    if (this.stopped || this.soonTimer !== undefined) return;
    this.soonTimer = setTimeout(() => {
      this.soonTimer = undefined;
      void this.claim();
    }, SOON_MS);
  }

  private tick(): void {
    void this.claim();
    if (Date.now() - this.lastPrune >= PRUNE_EVERY_MS) {
      this.lastPrune = Date.now();
      void this.prune();
    }
  }

  /**
   * Keeps up to WEBHOOK_CONCURRENCY claimed deliveries waiting beside the ones in flight, so a
   * slot that frees starts the next attempt at once instead of waiting for a claim.
   */
  private async claim(): Promise<void> {
    if (this.claiming) {
      this.claimAgain = true;
      return;
    }
    this.claiming = true;
    const { concurrency, timeoutMs } = this.config.webhooks;
    // A claim waits at most one attempt in the buffer, then takes one: a result recorded late
    // must still find its claim.
    const leaseSeconds = (3 * timeoutMs) / 1000 + 5;
    try {
      do {
        this.claimAgain = false;
        for (;;) {
          const room = 2 * concurrency - this.inFlight - this.waiting.length;
          if (this.stopped || room < Math.max(1, concurrency / 2)) break;
          const claimed = await this.repository.claimDue(room, leaseSeconds, randomUUID());
          this.waiting.push(...claimed);
          this.startWaiting();
          if (claimed.length < room) break;
        }
      } while (this.claimAgain && !this.stopped);
    } catch (error) {
      this.logger.warn(
        `Claiming webhook deliveries failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    } finally {
      this.claiming = false;
    }
  }

  private startWaiting(): void {
    while (this.inFlight < this.config.webhooks.concurrency) {
      const next = this.waiting.shift();
      if (next === undefined) return;
      this.inFlight += 1;
      void this.attempt(next);
    }
  }

  private async attempt(delivery: ClaimedDelivery): Promise<void> {
    const attemptedAt = new Date();
    const requestHeaders = {
      'content-type': 'application/json',
      'user-agent': USER_AGENT,
      ...signatureHeaders(
        signingSecrets(delivery, attemptedAt),
        delivery.eventId,
        attemptedAt,
        delivery.body,
      ),
    };
    const outcome = await (this.sender as WebhookSender).send(
      delivery.url,
      requestHeaders,
      delivery.body,
    );
    const verdict = attemptVerdict(
      outcome,
      this.config.webhooks.retrySchedule,
      delivery.attempts,
      new Date(),
      Math.random(),
    );
    this.results.push({
      deliveryId: delivery.id,
      claim: delivery.claim,
      endpointId: delivery.endpointId,
      attemptedAt,
      requestHeaders,
      statusCode: outcome.statusCode,
      responseBody: outcome.responseBody,
      error: verdict.error,
      durationMs: outcome.durationMs,
      status: verdict.status,
      delaySeconds: verdict.delaySeconds,
    });
    this.inFlight -= 1;
    if (!this.stopped) this.startWaiting();
    if (this.results.length >= FLUSH_MAX) void this.flush();
    else this.flushTimer ??= setTimeout(() => void this.flush(), FLUSH_MS);
    if (this.waiting.length < this.config.webhooks.concurrency / 2) void this.claim();
    if (this.inFlight === 0) this.idle?.();
  }

  /** Records the results gathered so far in one transaction, then looks for more work. */
  private async flush(): Promise<void> {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    while (this.flushing !== undefined) await this.flushing;
    const batch = this.results.splice(0);
    if (batch.length === 0) return;
    this.flushing = this.record(batch).finally(() => {
      this.flushing = undefined;
    });
    await this.flushing;
    void this.claim();
  }

  private async record(batch: AttemptResult[]): Promise<void> {
    try {
      const disabled = await this.repository.complete(
        batch,
        DISABLE_AFTER_FAILURES,
        (endpointId) => ({
          event: outboxRow(ENDPOINT_DISABLED_EVENT, {
            webhook_id: endpointId,
            failed_deliveries: DISABLE_AFTER_FAILURES,
          }),
          reason: `endpoint disabled: its last ${DISABLE_AFTER_FAILURES} deliveries all failed`,
        }),
      );
      for (const id of disabled) this.logger.warn(`Webhook endpoint ${id} disabled`);
    } catch (error) {
      // The claims stay leased: once they run out the deliveries are attempted again.
      this.logger.error(
        `Recording ${batch.length} webhook attempt(s) failed`,
        error instanceof Error ? error.stack : String(error),
      );
    }
  }

  /** One pruning pass over finished deliveries older than WEBHOOK_LOG_DAYS (hourly, each instance). */
  async prune(): Promise<void> {
    const before = new Date(Date.now() - this.config.webhooks.logDays * 24 * 3600 * 1000);
    try {
      while (!this.stopped && (await this.repository.prune(before, PRUNE_BATCH)) === PRUNE_BATCH);
    } catch (error) {
      this.logger.warn(
        `Pruning the webhook log failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}
