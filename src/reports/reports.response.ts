import { ApiProperty } from '@nestjs/swagger';
import { formatInstant } from '@/reports/report-period';
import type {
  AgentFigures,
  AgentsReport,
  Attainment,
  Csat,
  SummaryFigures,
  SummaryReport,
} from '@/reports/reports.service';
import { ROLES, type Role } from '@/users/user.entity';

const MINUTES =
  'Minutes to 0.1: business minutes when the SLA policy in force has business hours (time_basis), else calendar minutes';

export class DurationStatsResponse {
  @ApiProperty({
    type: Number,
    nullable: true,
    description: `Median (linear interpolation). ${MINUTES}; null when count is 0`,
    example: 42.5,
  })
  median!: number | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      '90th percentile (linear interpolation between closest ranks); null when count is 0',
    example: 180.2,
  })
  p90!: number | null;

  @ApiProperty({ type: 'integer', example: 12 })
  count!: number;
}

export class MedianResponse {
  @ApiProperty({
    type: Number,
    nullable: true,
    description: `Median (linear interpolation). ${MINUTES}; null when count is 0`,
    example: 42.5,
  })
  median!: number | null;

  @ApiProperty({ type: 'integer', example: 12 })
  count!: number;
}

export class AttainmentResponse {
  @ApiProperty({
    type: 'integer',
    description: 'Clock runs due in the period that were met or breached',
    example: 20,
  })
  due!: number;

  @ApiProperty({ type: 'integer', description: 'Of those, the ones not breached', example: 18 })
  met!: number;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'met / due in percent, to 0.1; null when due is 0',
    example: 90,
  })
  percent!: number | null;
}

export class SlaAttainmentResponse {
  @ApiProperty({ type: AttainmentResponse })
  first_response!: AttainmentResponse;

  @ApiProperty({ type: AttainmentResponse })
  next_response!: AttainmentResponse;

  @ApiProperty({ type: AttainmentResponse })
  resolution!: AttainmentResponse;
}

export class CsatResponse {
  @ApiProperty({ type: Number, description: 'Mean rating (1–5) to two decimals', example: 4.35 })
  average!: number;

  @ApiProperty({ type: 'integer', minimum: 1, example: 20 })
  count!: number;
}

export class SummaryFiguresResponse {
  @ApiProperty({
    format: 'date-time',
    description:
      'Start of the bucket (a local midnight, or the range’s start), with the zone’s offset',
    example: '2026-11-02T00:00:00+01:00',
  })
  start!: string;

  @ApiProperty({
    format: 'date-time',
    description: 'End of the bucket, excluded',
    example: '2026-11-03T00:00:00+01:00',
  })
  end!: string;

  @ApiProperty({ type: 'integer', description: 'Tickets created', example: 14 })
  created!: number;

  @ApiProperty({ type: 'integer', description: 'Changes of status to resolved', example: 11 })
  resolved!: number;

  @ApiProperty({
    type: 'integer',
    description: 'Changes from resolved back to open or in progress',
    example: 1,
  })
  reopened!: number;

  @ApiProperty({
    type: DurationStatsResponse,
    description:
      'Tickets created in the bucket that had a staff response: creation to first response',
  })
  first_response_minutes!: DurationStatsResponse;

  @ApiProperty({
    type: DurationStatsResponse,
    description:
      'Resolutions in the bucket: time open since creation, the stretches spent resolved before a reopening left out',
  })
  resolution_minutes!: DurationStatsResponse;

  @ApiProperty({
    type: SlaAttainmentResponse,
    description: 'SLA clock runs due in the bucket that were met or breached, per clock',
  })
  sla_attainment!: SlaAttainmentResponse;

  @ApiProperty({
    type: CsatResponse,
    nullable: true,
    description: 'Ratings given in the bucket; null when there were none',
  })
  csat!: CsatResponse | null;
}

/** The range and basis both reports answer with. */
export class ReportPeriodResponse {
  @ApiProperty({
    format: 'date-time',
    description: 'Start of the range, included',
    example: '2026-11-01T00:00:00+01:00',
  })
  from!: string;

  @ApiProperty({
    format: 'date-time',
    description: 'End of the range, excluded',
    example: '2026-12-01T00:00:00+01:00',
  })
  to!: string;

  @ApiProperty({
    description: 'The report’s time zone: the SLA policy’s, else UTC',
    example: 'Europe/Berlin',
  })
  timezone!: string;

  @ApiProperty({
    enum: ['business', 'calendar'],
    description: 'What the minutes count',
    example: 'business',
  })
  time_basis!: 'business' | 'calendar';
}

export class SummaryReportResponse extends ReportPeriodResponse {
  @ApiProperty({ enum: ['day', 'week'], example: 'day' })
  group_by!: 'day' | 'week';

  @ApiProperty({
    type: [SummaryFiguresResponse],
    description: 'Every day or week of the range, in order',
  })
  buckets!: SummaryFiguresResponse[];

  @ApiProperty({ type: SummaryFiguresResponse, description: 'The whole range' })
  totals!: SummaryFiguresResponse;
}

export class AgentReportItemResponse {
  @ApiProperty({ format: 'uuid', example: '3f1c2a9e-8a61-4a36-9d0e-1c5b3f4a2b7d' })
  user_id!: string;

  @ApiProperty({ example: 'Cara Diaz' })
  full_name!: string;

  @ApiProperty({ example: 'cara@example.com' })
  email!: string;

  @ApiProperty({ enum: ROLES, enumName: 'Role', example: 'csr' })
  role!: Role;

  @ApiProperty({
    type: 'integer',
    description: 'Tickets assigned to them in the range',
    example: 9,
  })
  assigned!: number;

  @ApiProperty({
    type: 'integer',
    description: 'Resolutions in the range of tickets they were assigned at that moment',
    example: 7,
  })
  resolved!: number;

  @ApiProperty({
    type: MedianResponse,
    description: 'Tickets created in the range whose first public staff message was theirs',
  })
  first_response_minutes!: MedianResponse;

  @ApiProperty({ type: MedianResponse, description: 'The resolutions counted in `resolved`' })
  resolution_minutes!: MedianResponse;

  @ApiProperty({
    type: 'integer',
    description: 'SLA breaches fired in the range while they held the ticket',
    example: 1,
  })
  sla_breaches!: number;

  @ApiProperty({
    type: CsatResponse,
    nullable: true,
    description: 'Ratings given in the range of tickets they held; null when none',
  })
  csat!: CsatResponse | null;

  @ApiProperty({
    type: Number,
    description: 'Minutes announced online in the range (up to now), to 0.1',
    example: 412.5,
  })
  online_minutes!: number;
}

export class AgentsReportResponse extends ReportPeriodResponse {
  @ApiProperty({
    type: [AgentReportItemResponse],
    description:
      'Every active CSR and any other staff member with activity, by name; a CSR gets only their own row',
  })
  items!: AgentReportItemResponse[];
}

const toAttainment = (attainment: Attainment): AttainmentResponse => ({ ...attainment });
const toCsat = (csat: Csat | null): CsatResponse | null => (csat === null ? null : { ...csat });

function toSummaryFigures(figures: SummaryFigures): SummaryFiguresResponse {
  return {
    start: formatInstant(figures.start),
    end: formatInstant(figures.end),
    created: figures.created,
    resolved: figures.resolved,
    reopened: figures.reopened,
    first_response_minutes: { ...figures.firstResponse },
    resolution_minutes: { ...figures.resolution },
    sla_attainment: {
      first_response: toAttainment(figures.sla.first_response),
      next_response: toAttainment(figures.sla.next_response),
      resolution: toAttainment(figures.sla.resolution),
    },
    csat: toCsat(figures.csat),
  };
}

export function toSummaryReportResponse(report: SummaryReport): SummaryReportResponse {
  return {
    from: formatInstant(report.range.start),
    to: formatInstant(report.range.end),
    group_by: report.groupBy,
    timezone: report.range.zone,
    time_basis: report.timeBasis,
    buckets: report.buckets.map(toSummaryFigures),
    totals: toSummaryFigures(report.totals),
  };
}

function toAgentReportItem(figures: AgentFigures): AgentReportItemResponse {
  return {
    user_id: figures.agent.id,
    full_name: figures.agent.fullName,
    email: figures.agent.email,
    role: figures.agent.role,
    assigned: figures.assigned,
    resolved: figures.resolved,
    first_response_minutes: { ...figures.firstResponse },
    resolution_minutes: { ...figures.resolution },
    sla_breaches: figures.slaBreaches,
    csat: toCsat(figures.csat),
    online_minutes: figures.onlineMinutes,
  };
}

export function toAgentsReportResponse(report: AgentsReport): AgentsReportResponse {
  return {
    from: formatInstant(report.range.start),
    to: formatInstant(report.range.end),
    timezone: report.range.zone,
    time_basis: report.timeBasis,
    items: report.items.map(toAgentReportItem),
  };
}
