// The summary report (GET /admin/reports/summary) as charts: tickets per day, median first
// response and resolution, SLA attainment per clock, and satisfaction.
import type { SummaryReport } from '@clients/typescript';
import { problemText } from '@web/shared/api';
import { formatDay, formatMinutes } from '@web/shared/format';
import { BarChart, LineChart, PercentBars } from '@web/console/charts';
import { CLOCK_LABEL, type ClockName } from '@web/console/sla';
import type { ConsoleStore } from '@web/console/store';
import { useEffect, useState } from 'preact/hooks';

const RANGES = [
  { days: 7, label: 'Last 7 days' },
  { days: 30, label: 'Last 30 days' },
  { days: 90, label: 'Last 90 days' },
];

/** A local calendar date, YYYY-MM-DD (the report takes whole days in its own time zone). */
function isoDate(date: Date): string {
  const month = String(date.getMonth() + 1).padStart(2, '0');
  const day = String(date.getDate()).padStart(2, '0');
  return `${date.getFullYear()}-${month}-${day}`;
}

export function ReportsView({ store }: { store: ConsoleStore }) {
  const [days, setDays] = useState(30);
  const [report, setReport] = useState<SummaryReport | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);

  useEffect(() => {
    let live = true;
    const to = new Date();
    const from = new Date(to.getTime() - (days - 1) * 24 * 3600 * 1000);
    void store.api
      .GET('/api/v1/admin/reports/summary', {
        params: {
          query: {
            from: isoDate(from),
            to: isoDate(to),
            group_by: days > 31 ? 'week' : 'day',
          },
        },
      })
      .then(({ data, error: failure }) => {
        if (!live) return;
        // The route also speaks CSV (format=csv); without it the answer is the JSON report.
        const json = typeof data === 'object' ? data : undefined;
        setReport(json);
        setError(
          json === undefined ? problemText(failure, 'Could not load the report') : undefined,
        );
      });
    return () => {
      live = false;
    };
  }, [store, days]);

  return (
    <section class="reports" aria-labelledby="reports-title">
      <div class="list__head">
        <h1 id="reports-title">Reports</h1>
        <label class="inline-field">
          <span>Range</span>
          <select value={days} onChange={(event) => setDays(Number(event.currentTarget.value))}>
            {RANGES.map((range) => (
              <option key={range.days} value={range.days}>
                {range.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      {error !== undefined && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {report === undefined ? (
        error === undefined && <p class="muted">Loading…</p>
      ) : (
        <Report report={report} />
      )}
    </section>
  );
}

function Report({ report }: { report: SummaryReport }) {
  const labels = report.buckets.map((bucket) =>
    report.group_by === 'week' ? `wk ${formatDay(bucket.start)}` : formatDay(bucket.start),
  );
  const totals = report.totals;
  const basis = report.time_basis === 'business' ? 'business minutes' : 'minutes';
  const clocks = Object.keys(CLOCK_LABEL) as ClockName[];
  return (
    <>
      <p class="muted">
        {formatDay(report.from)} to {formatDay(report.to)} ({report.timezone}); durations in {basis}
        .
      </p>
      <div class="tiles">
        <Tile label="Created" value={String(totals.created)} />
        <Tile label="Resolved" value={String(totals.resolved)} />
        <Tile label="Reopened" value={String(totals.reopened)} />
        <Tile
          label="Median first response"
          value={
            totals.first_response_minutes.median === null
              ? '—'
              : formatMinutes(totals.first_response_minutes.median)
          }
        />
        <Tile
          label="Median resolution"
          value={
            totals.resolution_minutes.median === null
              ? '—'
              : formatMinutes(totals.resolution_minutes.median)
          }
        />
        <Tile
          label="CSAT"
          value={totals.csat === null ? '—' : `${totals.csat.average.toFixed(2)} / 5`}
          detail={
            totals.csat === null
              ? 'no ratings'
              : `${totals.csat.count} rating${totals.csat.count === 1 ? '' : 's'}`
          }
        />
      </div>
      <div class="charts">
        <BarChart
          title={`Tickets per ${report.group_by}`}
          categories={labels}
          series={[
            { name: 'Created', tone: 'a', values: report.buckets.map((b) => b.created) },
            { name: 'Resolved', tone: 'b', values: report.buckets.map((b) => b.resolved) },
            { name: 'Reopened', tone: 'c', values: report.buckets.map((b) => b.reopened) },
          ]}
        />
        <LineChart
          title={`Median first response and resolution (${basis})`}
          categories={labels}
          format={formatMinutes}
          series={[
            {
              name: 'First response',
              tone: 'a',
              values: report.buckets.map((b) => b.first_response_minutes.median),
            },
            {
              name: 'Resolution',
              tone: 'd',
              values: report.buckets.map((b) => b.resolution_minutes.median),
            },
          ]}
        />
        <PercentBars
          title="SLA attainment over the range"
          items={clocks.map((clock) => {
            const attainment = totals.sla_attainment[clock];
            return {
              label: CLOCK_LABEL[clock],
              percent: attainment.percent,
              detail: attainment.due === 0 ? '' : `(${attainment.met} of ${attainment.due} met)`,
            };
          })}
        />
        <LineChart
          title="Average satisfaction (1–5)"
          categories={labels}
          scale={{ max: 5, ticks: [0, 1, 2, 3, 4, 5] }}
          series={[
            {
              name: 'CSAT',
              tone: 'b',
              values: report.buckets.map((b) => b.csat?.average ?? null),
            },
          ]}
        />
      </div>
    </>
  );
}

function Tile({ label, value, detail }: { label: string; value: string; detail?: string }) {
  return (
    <div class="tile">
      <p class="tile__label">{label}</p>
      <p class="tile__value">{value}</p>
      {detail !== undefined && <p class="muted small">{detail}</p>}
    </div>
  );
}
