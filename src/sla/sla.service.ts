// Owns SLA: the policy (versions), the clocks of each ticket as TicketClocks (called inside the
// tickets module's transactions), and the check pass that fires warnings and breaches exactly
// once, across instances, under the ticket's row lock and sla_alerts' key.
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '@/common/clock';
import { publish } from '@/common/publish';
import type { AppConfig } from '@/config/config';
import { APP_CONFIG } from '@/config/config.module';
import { BusinessCalendar, MAX_HORIZON_DAYS } from '@/sla/business-calendar';
import { BadRequest } from '@/common/errors/domain-errors';
import { applyHappening, ClockContext, dueAlerts, slaColumns, startClocks } from '@/sla/sla-clocks';
import { SLA_ALERT, SlaAlertPublished } from '@/sla/sla.events';
import { WebhookOutbox } from '@/webhooks/webhook-outbox';
import { DEFAULT_SLA_POLICY, SlaPolicyDocument, slaPriority } from '@/sla/sla-policy';
import { AlertKey, ClockRun, PolicyVersion, SlaRepository } from '@/sla/sla.repository';
import type { Ticket } from '@/tickets/ticket.entity';
import { toTicketResponse } from '@/tickets/ticket.response';
import {
  CLOCK_NAMES,
  ClockHappening,
  SlaColumns,
  SlaState,
  TicketClocks,
} from '@/tickets/ticket-sla';
import { TicketsService } from '@/tickets/tickets.service';

/** Tickets one check transaction takes. */
const CHECK_BATCH = 100;

interface LoadedPolicy extends PolicyVersion {
  calendar: BusinessCalendar;
}

@Injectable()
export class SlaService implements TicketClocks, OnModuleInit {
  /** Saved versions never change, so each is read once per process. */
  private readonly versions = new Map<number, LoadedPolicy>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: SlaRepository,
    private readonly tickets: TicketsService,
    private readonly clock: Clock,
    private readonly events: EventEmitter2,
    private readonly outbox: WebhookOutbox,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.tickets.useClocks(this);
  }

  async policy(): Promise<SlaPolicyDocument> {
    return (await this.repository.latest())?.policy ?? DEFAULT_SLA_POLICY;
  }

  /**
   * Saves a new version; tickets created from now on use it, running clocks keep theirs. Every
   * target must fall due within the calendar's horizon (a sparse week makes long targets far).
   */
  async setPolicy(actorId: string, policy: SlaPolicyDocument): Promise<SlaPolicyDocument> {
    const calendar = toCalendar(policy);
    const longest = Math.max(
      0,
      ...Object.values(policy.targets).flatMap((targets) =>
        Object.values(targets).filter((minutes) => minutes !== null),
      ),
    );
    try {
      calendar.addMinutes(this.clock.now(), longest);
    } catch {
      throw new BadRequest(
        `targets: ${longest} minutes of business time do not fall within ${MAX_HORIZON_DAYS} days of this calendar`,
      );
    }
    return (await this.repository.insert(policy, actorId)).policy;
  }

  async apply(
    manager: EntityManager,
    ticket: Ticket,
    happenings: readonly ClockHappening[],
  ): Promise<SlaColumns | null> {
    const now = this.clock.now();
    let state: SlaState;
    let policy: LoadedPolicy;
    if (happenings[0]?.kind === 'created') {
      const latest = await this.repository.latest(manager);
      if (latest === null || !latest.policy.enabled) return null;
      policy = this.remember(latest);
      state = startClocks(policy.version, this.context(policy, ticket, now));
    } else {
      if (ticket.sla === null) return null;
      state = ticket.sla;
      policy = await this.load(manager, state.policy_version);
    }
    const before = ticket.sla;
    for (const happening of happenings) {
      state = applyHappening(state, happening, this.context(policy, ticket, now));
    }
    if (before !== null && JSON.stringify(before) === JSON.stringify(state)) return null;
    await this.repository.saveRuns(manager, changedRuns(ticket, before, state));
    return slaColumns(state);
  }

  /**
   * Fires every warning and breach due by now, batch by batch; returns how many fired. Safe on
   * several instances at once: a ticket is checked by whoever locks it, and an alert whose key
   * is already in sla_alerts is not announced again.
   */
  async check(): Promise<number> {
    const now = this.clock.now();
    let fired = 0;
    for (;;) {
      const { taken, results } = await this.dataSource.transaction(async (manager) => {
        const due = (await this.tickets.lockSlaDue(manager, now, CHECK_BATCH)).filter(
          (ticket): ticket is Ticket & { sla: SlaState } => ticket.sla !== null,
        );
        const checked = due.map((ticket) => ({ ticket, ...dueAlerts(ticket.sla, now) }));
        const fresh = await this.repository.insertAlerts(
          manager,
          checked.flatMap(({ ticket, alerts }) =>
            alerts.map((alert) => ({
              ticketId: ticket.id,
              ...alert,
              assigneeId: ticket.assignedToId,
              createdAt: now,
            })),
          ),
        );
        // Only alerts whose key was new are announced; the rest fired before.
        const announced = checked.map(({ ticket, alerts, state }) => ({
          ticket,
          state,
          alerts: alerts.filter((alert) =>
            fresh.some((key) => key.ticketId === ticket.id && sameAlert(key, alert)),
          ),
        }));
        await this.repository.saveRuns(
          manager,
          announced.flatMap(({ ticket, state }) => changedRuns(ticket, ticket.sla, state)),
        );
        const updated = await this.tickets.recordSla(
          manager,
          announced.map(({ ticket, state, alerts }) => ({
            before: ticket,
            columns: slaColumns(state),
            events: alerts.map((alert) => ({
              actorId: null,
              kind: alert.kind === 'warning' ? ('sla_warning' as const) : ('sla_breached' as const),
              data: { clock: alert.clock, run: alert.run, due_at: alert.dueAt },
            })),
          })),
        );
        const byId = new Map(updated.map((ticket) => [ticket.id, ticket]));
        const results = announced.map(({ ticket, alerts }) => {
          const now = byId.get(ticket.id) ?? ticket;
          const response = toTicketResponse(now);
          return {
            ticket: now,
            alerts: alerts.map((alert): SlaAlertPublished => ({
              event: alert.kind === 'warning' ? 'sla_warning' : 'sla_breached',
              payload: {
                ticket_id: ticket.id,
                clock: alert.clock,
                run: alert.run,
                due_at: alert.dueAt,
                ticket: response,
              },
            })),
          };
        });
        await this.outbox.record(
          manager,
          results.flatMap(({ alerts }) =>
            alerts.map((alert) => ({
              type:
                alert.event === 'sla_warning'
                  ? ('sla.warning' as const)
                  : ('sla.breached' as const),
              data: alert.payload,
            })),
          ),
        );
        return { taken: due.length, results };
      });
      for (const { ticket, alerts } of results) {
        for (const alert of alerts) publish<SlaAlertPublished>(this.events, SLA_ALERT, alert);
        fired += alerts.length;
        if (alerts.length > 0) this.tickets.publishUpdated(ticket);
      }
      if (taken < CHECK_BATCH) return fired;
    }
  }

  private context(policy: LoadedPolicy, ticket: Ticket, now: Date): ClockContext {
    return {
      now,
      calendar: policy.calendar,
      targets: policy.policy.targets[slaPriority(ticket.priority)],
      warningPercent: this.config.sla.warningPercent,
    };
  }

  /** Through the caller's transaction: the embedded database has one connection. */
  private async load(manager: EntityManager, version: number): Promise<LoadedPolicy> {
    const known = this.versions.get(version);
    if (known !== undefined) return known;
    const found = await this.repository.byVersion(manager, version);
    // Versions are never deleted (tickets reference them); a missing one is a broken database.
    if (found === null) throw new Error(`SLA policy version ${version} is missing`);
    return this.remember(found);
  }

  private remember(version: PolicyVersion): LoadedPolicy {
    const known = this.versions.get(version.version);
    if (known !== undefined) return known;
    const loaded: LoadedPolicy = {
      ...version,
      calendar: toCalendar(version.policy),
    };
    this.versions.set(version.version, loaded);
    return loaded;
  }
}

function toCalendar(policy: SlaPolicyDocument): BusinessCalendar {
  return new BusinessCalendar({
    timezone: policy.timezone,
    businessHours: policy.business_hours,
    holidays: policy.holidays,
  });
}

function sameAlert(key: AlertKey, alert: Omit<AlertKey, 'ticketId'>): boolean {
  return key.clock === alert.clock && key.run === alert.run && key.kind === alert.kind;
}

/** The runs (with a target) whose state differs from before, as the reports keep them. */
function changedRuns(ticket: Ticket, before: SlaState | null, after: SlaState): ClockRun[] {
  const runs: ClockRun[] = [];
  for (const name of CLOCK_NAMES) {
    const clock = after[name];
    if (clock === null || clock.target_minutes === null || clock.due_at === null) continue;
    if (before !== null && JSON.stringify(before[name]) === JSON.stringify(clock)) continue;
    runs.push({
      ticketId: ticket.id,
      clock: name,
      run: clock.run,
      priority: ticket.priority,
      targetMinutes: clock.target_minutes,
      startedAt: clock.started_at,
      dueAt: clock.due_at,
      metAt: clock.met_at,
      elapsedMinutes: clock.met_at === null ? null : clock.used_minutes,
      breached: clock.breached,
      assigneeId: ticket.assignedToId,
    });
  }
  return runs;
}
