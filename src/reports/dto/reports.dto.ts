import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import {
  GROUP_BYS,
  GroupBy,
  REPORT_DEFAULT_DAYS,
  REPORT_FORMATS,
  REPORT_MAX_DAYS,
  ReportFormat,
} from '@/reports/report-limits';
import { DATE_PATTERN, DATE_TIME_PATTERN } from '@/reports/report-period';

/** Either form; whether the date is real is checked with the report's time zone. */
const BOUND = new RegExp(`${DATE_PATTERN.source}|${DATE_TIME_PATTERN.source}`);
const BOUND_MESSAGE =
  '$property must be a date (YYYY-MM-DD) or a date-time with an offset (e.g. 2026-11-01T00:00:00Z)';
const RANGE = `At most ${REPORT_MAX_DAYS} days; the report's time zone is the SLA policy's (UTC without one).`;

export class ReportPeriodQuery {
  @ApiPropertyOptional({
    description: `Start: a date (YYYY-MM-DD, from the start of that local day) or a date-time with an offset (that instant, included). Default: ${REPORT_DEFAULT_DAYS} days before \`to\`. ${RANGE}`,
    pattern: BOUND.source,
    example: '2026-11-01',
  })
  @IsOptional()
  @Matches(BOUND, { message: BOUND_MESSAGE })
  from?: string;

  @ApiPropertyOptional({
    description:
      'End: a date (YYYY-MM-DD, that local day included) or a date-time with an offset (that instant, excluded). Default: now.',
    pattern: BOUND.source,
    example: '2026-11-30',
  })
  @IsOptional()
  @Matches(BOUND, { message: BOUND_MESSAGE })
  to?: string;

  @ApiPropertyOptional({
    enum: REPORT_FORMATS,
    default: 'json',
    description:
      'csv: text/csv; charset=utf-8, as a download (a header row, one row per bucket or agent)',
  })
  @IsOptional()
  @IsIn(REPORT_FORMATS, { message: `format must be one of: ${REPORT_FORMATS.join(', ')}` })
  format: ReportFormat = 'json';
}

export class SummaryReportQuery extends ReportPeriodQuery {
  @ApiPropertyOptional({
    enum: GROUP_BYS,
    default: 'day',
    description: 'Local days, or ISO weeks (Monday first), in the report’s time zone',
  })
  @IsOptional()
  @IsIn(GROUP_BYS, { message: `group_by must be one of: ${GROUP_BYS.join(', ')}` })
  group_by: GroupBy = 'day';
}

export class AgentsReportQuery extends ReportPeriodQuery {}
