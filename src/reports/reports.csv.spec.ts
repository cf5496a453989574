import {
  AGENTS_CSV_HEADER,
  agentsCsv,
  csvFilename,
  SUMMARY_CSV_HEADER,
} from '@/reports/reports.csv';
import type { AgentsReportResponse } from '@/reports/reports.response';

describe('csvFilename', () => {
  it('names the first and last local day of a range of whole days', () => {
    expect(csvFilename('summary', '2026-03-23T00:00:00+01:00', '2026-03-31T00:00:00+02:00')).toBe(
      'report-summary-2026-03-23-2026-03-30.csv',
    );
  });

  it('names the day of each end of a range of instants', () => {
    expect(csvFilename('agents', '2026-03-23T11:00:00+01:00', '2026-03-24T11:00:00+01:00')).toBe(
      'report-agents-2026-03-23-2026-03-24.csv',
    );
  });
});

describe('agentsCsv', () => {
  it('writes one row per agent in the header’s order, empty cells for nulls', () => {
    const report: AgentsReportResponse = {
      from: '2026-03-23T00:00:00Z',
      to: '2026-03-24T00:00:00Z',
      timezone: 'UTC',
      time_basis: 'calendar',
      items: [
        {
          user_id: 'u1',
          full_name: '@Eve, "the" agent',
          email: 'eve@example.test',
          role: 'csr',
          assigned: 2,
          resolved: 1,
          first_response_minutes: { median: 12.5, count: 2 },
          resolution_minutes: { median: null, count: 0 },
          sla_breaches: 0,
          csat: null,
          online_minutes: 30.1,
        },
      ],
    };
    expect(agentsCsv(report).split('\r\n')).toEqual([
      AGENTS_CSV_HEADER.join(','),
      `u1,"'@Eve, ""the"" agent",eve@example.test,csr,2,1,12.5,2,,0,0,,0,30.1`,
      '',
    ]);
  });

  it('has a column per figure of the summary', () => {
    expect(SUMMARY_CSV_HEADER).toHaveLength(22);
  });
});
