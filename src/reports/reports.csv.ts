// The CSV form of the reports: the JSON response flattened, one row per bucket or agent, with
// the same names joined by underscores, and a download filename naming the range.
import { DateTime } from 'luxon';
import { CsvCell, toCsv } from '@/reports/csv';
import type {
  AgentsReportResponse,
  AttainmentResponse,
  SummaryFiguresResponse,
  SummaryReportResponse,
} from '@/reports/reports.response';

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';

const CLOCKS = ['first_response', 'next_response', 'resolution'] as const;

export const SUMMARY_CSV_HEADER = [
  'start',
  'end',
  'created',
  'resolved',
  'reopened',
  'first_response_median_minutes',
  'first_response_p90_minutes',
  'first_response_count',
  'resolution_median_minutes',
  'resolution_p90_minutes',
  'resolution_count',
  ...CLOCKS.flatMap((clock) => [`sla_${clock}_due`, `sla_${clock}_met`, `sla_${clock}_percent`]),
  'csat_average',
  'csat_count',
];

export const AGENTS_CSV_HEADER = [
  'user_id',
  'full_name',
  'email',
  'role',
  'assigned',
  'resolved',
  'first_response_median_minutes',
  'first_response_count',
  'resolution_median_minutes',
  'resolution_count',
  'sla_breaches',
  'csat_average',
  'csat_count',
  'online_minutes',
];

const attainmentCells = (attainment: AttainmentResponse): CsvCell[] => [
  attainment.due,
  attainment.met,
  attainment.percent,
];

function summaryRow(bucket: SummaryFiguresResponse): CsvCell[] {
  return [
    bucket.start,
    bucket.end,
    bucket.created,
    bucket.resolved,
    bucket.reopened,
    bucket.first_response_minutes.median,
    bucket.first_response_minutes.p90,
    bucket.first_response_minutes.count,
    bucket.resolution_minutes.median,
    bucket.resolution_minutes.p90,
    bucket.resolution_minutes.count,
    ...CLOCKS.flatMap((clock) => attainmentCells(bucket.sla_attainment[clock])),
    bucket.csat?.average ?? null,
    bucket.csat?.count ?? 0,
  ];
}

export function summaryCsv(report: SummaryReportResponse): string {
  return toCsv(SUMMARY_CSV_HEADER, report.buckets.map(summaryRow));
}

export function agentsCsv(report: AgentsReportResponse): string {
  return toCsv(
    AGENTS_CSV_HEADER,
    report.items.map((item) => [
      item.user_id,
      item.full_name,
      item.email,
      item.role,
      item.assigned,
      item.resolved,
      item.first_response_minutes.median,
      item.first_response_minutes.count,
      item.resolution_minutes.median,
      item.resolution_minutes.count,
      item.sla_breaches,
      item.csat?.average ?? null,
      item.csat?.count ?? 0,
      item.online_minutes,
    ]),
  );
}

/** `report-summary-2026-11-01-2026-11-30.csv`: the local dates of the range's first and last moment. */
export function csvFilename(kind: 'summary' | 'agents', from: string, to: string): string {
  const first = DateTime.fromISO(from, { setZone: true }).toISODate();
  // The range ends exclusively: one ending at a local midnight ends on the day before.
  const last = DateTime.fromISO(to, { setZone: true }).minus({ milliseconds: 1 }).toISODate();
  return `report-${kind}-${first}-${last}.csv`;
}
