// Owns the staff reports: the helpdesk summary per local day or ISO week, and the per-agent
// report. Counts come aggregated from SQL; durations are measured here, in business minutes by
// the SLA calendar when the policy in force has business hours, else in calendar minutes.
import { Injectable } from '@nestjs/common';
import type { DateTime } from 'luxon';
import type { Actor } from '@/auth/actor';
import { UUID_PATTERN } from '@/common/uuid';
import { percentile, roundMinutes, summarizeDurations } from '@/reports/percentile';
import type { DurationSummary } from '@/reports/percentile';
import type { GroupBy } from '@/reports/report-limits';
import {
  bucketKey,
  bucketsOf,
  parseReportRange,
  type ReportRange,
  reportZone,
} from '@/reports/report-period';
import {
  AgentCount,
  ReportsRepository,
  ResolutionHistory,
  StaffMember,
  SummaryCount,
} from '@/reports/reports.repository';
import { calendarMinutes, Measure, resolutionTimes } from '@/reports/resolution-time';
import { BusinessCalendar, calendarProblems } from '@/sla/business-calendar';
import { DEFAULT_SLA_POLICY, type SlaPolicyDocument } from '@/sla/sla-policy';
import { CLOCK_NAMES, type ClockName } from '@/tickets/ticket-sla';

export type TimeBasis = 'business' | 'calendar';

export interface PeriodQuery {
  from?: string;
  to?: string;
}

export interface Attainment {
  /** Runs due in the period that were met or breached. */
  due: number;
  /** Of those, the ones not breached. */
  met: number;
  /** met / due in percent to 0.1; null when nothing was due. */
  percent: number | null;
}

export interface Csat {
  /** To two decimals. */
  average: number;
  count: number;
}

export interface SummaryFigures {
  start: DateTime;
  end: DateTime;
  created: number;
  resolved: number;
  reopened: number;
  firstResponse: DurationSummary;
  resolution: DurationSummary;
  sla: Record<ClockName, Attainment>;
  /** Null when nothing was rated. */
  csat: Csat | null;
}

export interface SummaryReport {
  range: ReportRange;
  groupBy: GroupBy;
  timeBasis: TimeBasis;
  buckets: SummaryFigures[];
  totals: SummaryFigures;
}

export interface AgentFigures {
  agent: StaffMember;
  assigned: number;
  resolved: number;
  firstResponse: { median: number | null; count: number };
  resolution: { median: number | null; count: number };
  slaBreaches: number;
  csat: Csat | null;
  onlineMinutes: number;
}

export interface AgentsReport {
  range: ReportRange;
  timeBasis: TimeBasis;
  items: AgentFigures[];
}

/** The time zone and the measure of durations the policy in force gives the reports. */
interface ReportBasis {
  zone: string;
  timeBasis: TimeBasis;
  measure: Measure;
}

function basisOf(policy: SlaPolicyDocument): ReportBasis {
  const zone = reportZone(policy.timezone);
  const spec = {
    timezone: zone,
    businessHours: policy.business_hours,
    holidays: policy.holidays ?? [],
  };
  // Business hours make business minutes; a stored calendar that no longer validates (it was
  // checked when saved) is read as calendar time rather than failing every report.
  if (spec.businessHours === null || calendarProblems(spec).length > 0) {
    return { zone, timeBasis: 'calendar', measure: calendarMinutes };
  }
  const calendar = new BusinessCalendar(spec);
  return {
    zone,
    timeBasis: 'business',
    measure: (from, to) => calendar.minutesBetween(from, to),
  };
}

const csatOf = (count: number, sum: number): Csat | null =>
  count === 0 ? null : { average: Math.round((sum / count) * 100) / 100, count };

const attainmentOf = (due: number, met: number): Attainment => ({
  due,
  met,
  percent: due === 0 ? null : Math.round((met / due) * 1000) / 10,
});

/** What one bucket (or the whole range) accumulates before it is summarised. */
class Tally {
  created = 0;
  resolved = 0;
  reopened = 0;
  firstResponse: number[] = [];
  resolution: number[] = [];
  slaDue = new Map<ClockName, number>();
  slaMet = new Map<ClockName, number>();
  csatCount = 0;
  csatSum = 0;

  add(count: SummaryCount): void {
    switch (count.metric) {
      case 'created':
        this.created += count.n;
        break;
      case 'resolved':
        this.resolved += count.n;
        break;
      case 'reopened':
        this.reopened += count.n;
        break;
      case 'sla':
        if (count.clock === null) break;
        this.slaDue.set(count.clock, (this.slaDue.get(count.clock) ?? 0) + count.n);
        this.slaMet.set(count.clock, (this.slaMet.get(count.clock) ?? 0) + (count.total ?? 0));
        break;
      case 'csat':
        this.csatCount += count.n;
        this.csatSum += count.total ?? 0;
        break;
    }
  }

  figures(start: DateTime, end: DateTime): SummaryFigures {
    const sla = Object.fromEntries(
      CLOCK_NAMES.map((clock) => [
        clock,
        attainmentOf(this.slaDue.get(clock) ?? 0, this.slaMet.get(clock) ?? 0),
      ]),
    ) as Record<ClockName, Attainment>;
    return {
      start,
      end,
      created: this.created,
      resolved: this.resolved,
      reopened: this.reopened,
      firstResponse: summarizeDurations(this.firstResponse),
      resolution: summarizeDurations(this.resolution),
      sla,
      csat: csatOf(this.csatCount, this.csatSum),
    };
  }
}

/** Each resolution in [start, end) with its time and the assignee then. */
function resolutionsIn(
  histories: readonly ResolutionHistory[],
  range: ReportRange,
  measure: Measure,
): { at: Date; minutes: number; assigneeId: string | null }[] {
  const start = range.start.toJSDate();
  const out: { at: Date; minutes: number; assigneeId: string | null }[] = [];
  for (const history of histories) {
    for (const resolution of resolutionTimes(history.createdAt, history.changes, measure)) {
      if (resolution.at < start) continue;
      out.push({
        at: resolution.at,
        minutes: resolution.minutes,
        assigneeId: history.assignees.get(resolution.eventId) ?? null,
      });
    }
  }
  return out;
}

const median = (values: readonly number[]) => {
  const value = percentile(values, 0.5);
  return { median: value === null ? null : roundMinutes(value), count: values.length };
};

@Injectable()
export class ReportsService {
  constructor(private readonly reports: ReportsRepository) {}

  private async basis(): Promise<ReportBasis> {
    return basisOf((await this.reports.policyInForce()) ?? DEFAULT_SLA_POLICY);
  }

  async summary(
    query: PeriodQuery & { groupBy: GroupBy },
    now = new Date(),
  ): Promise<SummaryReport> {
    const basis = await this.basis();
    const range = parseReportRange(query, basis.zone, now);
    const from = range.start.toJSDate();
    const to = range.end.toJSDate();
    const [counts, firstResponses, histories] = await Promise.all([
      this.reports.summaryCounts({ from, to, timezone: basis.zone, groupBy: query.groupBy }),
      this.reports.firstResponses(from, to),
      this.reports.resolutionHistories(from, to),
    ]);
    const buckets = bucketsOf(range, query.groupBy);
    const tallies = new Map(buckets.map((bucket) => [bucket.key, new Tally()]));
    const totals = new Tally();
    const tallyOf = (key: string) => tallies.get(key);
    for (const count of counts) {
      tallyOf(count.bucket)?.add(count);
      totals.add(count);
    }
    for (const response of firstResponses) {
      const minutes = basis.measure(response.createdAt, response.respondedAt);
      tallyOf(bucketKey(response.createdAt, query.groupBy, basis.zone))?.firstResponse.push(
        minutes,
      );
      totals.firstResponse.push(minutes);
    }
    for (const resolution of resolutionsIn(histories, range, basis.measure)) {
      tallyOf(bucketKey(resolution.at, query.groupBy, basis.zone))?.resolution.push(
        resolution.minutes,
      );
      totals.resolution.push(resolution.minutes);
    }
    return {
      range,
      groupBy: query.groupBy,
      timeBasis: basis.timeBasis,
      buckets: buckets.map((bucket) => tallies.get(bucket.key)!.figures(bucket.start, bucket.end)),
      totals: totals.figures(range.start, range.end),
    };
  }

  /** Every active CSR and any staff member with activity; a CSR gets only their own row. */
  async agents(actor: Actor, query: PeriodQuery, now = new Date()): Promise<AgentsReport> {
    const basis = await this.basis();
    const range = parseReportRange(query, basis.zone, now);
    const from = range.start.toJSDate();
    const to = range.end.toJSDate();
    const [counts, firstResponses, histories, online] = await Promise.all([
      this.reports.agentCounts(from, to),
      this.reports.agentFirstResponses(from, to),
      this.reports.resolutionHistories(from, to),
      this.reports.onlineMinutes(from, to, now),
    ]);
    const resolutions = resolutionsIn(histories, range, basis.measure);

    const byAgent = <T>(rows: readonly T[], id: (row: T) => string | null) => {
      const map = new Map<string, T[]>();
      for (const row of rows) {
        const key = id(row);
        if (key === null) continue;
        const list = map.get(key);
        if (list === undefined) map.set(key, [row]);
        else list.push(row);
      }
      return map;
    };
    const countsOf = byAgent<AgentCount>(counts, (row) => row.userId);
    const responsesOf = byAgent(firstResponses, (row) => row.userId);
    const resolutionsOf = byAgent(resolutions, (row) => row.assigneeId);
    const active = new Set([
      ...countsOf.keys(),
      ...responsesOf.keys(),
      ...resolutionsOf.keys(),
      ...online.keys(),
    ]);
    const staff = await this.reports.staff(
      [...active].filter((id) => UUID_PATTERN.test(id)),
      actor.role === 'csr' ? actor.id : undefined,
    );

    const items = staff.map((agent): AgentFigures => {
      const metric = (name: AgentCount['metric']) =>
        countsOf.get(agent.id)?.find((row) => row.metric === name);
      const csat = metric('csat');
      const own = resolutionsOf.get(agent.id) ?? [];
      return {
        agent,
        assigned: metric('assigned')?.n ?? 0,
        resolved: own.length,
        firstResponse: median(
          (responsesOf.get(agent.id) ?? []).map((row) =>
            basis.measure(row.createdAt, row.respondedAt),
          ),
        ),
        resolution: median(own.map((row) => row.minutes)),
        slaBreaches: metric('sla_breaches')?.n ?? 0,
        csat: csatOf(csat?.n ?? 0, csat?.total ?? 0),
        onlineMinutes: roundMinutes(online.get(agent.id) ?? 0),
      };
    });
    return { range, timeBasis: basis.timeBasis, items };
  }
}
