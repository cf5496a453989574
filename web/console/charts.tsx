// Hand-drawn SVG charts for the reports page: grouped bars, lines and percentage bars. Each is a
// <figure> with its caption, and the same numbers in a visually hidden table for screen readers.
import { labelEvery, niceScale, type Scale } from '@web/console/chart-scale';

export interface Series {
  name: string;
  /** A CSS modifier for its colour: chart__series--<tone>. */
  tone: 'a' | 'b' | 'c' | 'd';
  /** One value per category; null where there is none (a gap, not a zero). */
  values: (number | null)[];
}

interface ChartProps {
  title: string;
  categories: string[];
  series: Series[];
  format?: (value: number) => string;
  /** A fixed y axis (a 1–5 rating); else one that fits the values. */
  scale?: Scale;
}

const WIDTH = 640;
const HEIGHT = 220;
const PAD = { top: 12, right: 12, bottom: 28, left: 48 };
const PLOT_W = WIDTH - PAD.left - PAD.right;
const PLOT_H = HEIGHT - PAD.top - PAD.bottom;

const plain = (value: number) => String(Math.round(value * 10) / 10);

function Axes({
  categories,
  ticks,
  max,
  format,
}: {
  categories: string[];
  ticks: number[];
  max: number;
  format: (v: number) => string;
}) {
  const every = labelEvery(categories.length, 10);
  const slot = PLOT_W / Math.max(categories.length, 1);
  return (
    <g class="chart__axes">
      {ticks.map((tick) => {
        const y = PAD.top + PLOT_H - (tick / max) * PLOT_H;
        return (
          <g key={tick}>
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y} y2={y} class="chart__grid" />
            <text x={PAD.left - 6} y={y + 4} text-anchor="end" class="chart__label">
              {format(tick)}
            </text>
          </g>
        );
      })}
      {categories.map((category, index) =>
        index % every === 0 ? (
          <text
            key={category}
            x={PAD.left + slot * index + slot / 2}
            y={HEIGHT - 8}
            text-anchor="middle"
            class="chart__label"
          >
            {category}
          </text>
        ) : null,
      )}
    </g>
  );
}

function Legend({ series }: { series: Series[] }) {
  return (
    <ul class="chart__legend" aria-hidden="true">
      {series.map((entry) => (
        <li key={entry.name}>
          <span class={`chart__swatch chart__series--${entry.tone}`} />
          {entry.name}
        </li>
      ))}
    </ul>
  );
}

/** The numbers behind a chart, for screen readers (and anyone who copies them). */
function DataTable({ title, categories, series, format }: Required<Omit<ChartProps, 'scale'>>) {
  return (
    <table class="sr-only">
      <caption>{title}</caption>
      <thead>
        <tr>
          <th scope="col">Period</th>
          {series.map((entry) => (
            <th key={entry.name} scope="col">
              {entry.name}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {categories.map((category, index) => (
          <tr key={category}>
            <th scope="row">{category}</th>
            {series.map((entry) => {
              const value = entry.values[index];
              return <td key={entry.name}>{value == null ? '—' : format(value)}</td>;
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function scaleOf(series: Series[], fixed: Scale | undefined): Scale {
  return (
    fixed ?? niceScale(Math.max(0, ...series.flatMap((entry) => entry.values.map((v) => v ?? 0))))
  );
}

export function BarChart({ title, categories, series, format = plain, scale }: ChartProps) {
  const { max, ticks } = scaleOf(series, scale);
  const slot = PLOT_W / Math.max(categories.length, 1);
  const bar = Math.max(1, (slot * 0.8) / Math.max(series.length, 1));
  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      <Legend series={series} />
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} class="chart__svg" aria-hidden="true">
        <Axes categories={categories} ticks={ticks} max={max} format={format} />
        {series.map((entry, s) =>
          entry.values.map((value, index) => {
            if (value === null || value === 0) return null;
            const height = (value / max) * PLOT_H;
            return (
              <rect
                key={`${entry.name}-${index}`}
                class={`chart__bar chart__series--${entry.tone}`}
                x={PAD.left + slot * index + slot * 0.1 + bar * s}
                y={PAD.top + PLOT_H - height}
                width={bar}
                height={height}
              >
                <title>{`${categories[index]}: ${entry.name} ${format(value)}`}</title>
              </rect>
            );
          }),
        )}
      </svg>
      <DataTable title={title} categories={categories} series={series} format={format} />
    </figure>
  );
}

export function LineChart({ title, categories, series, format = plain, scale }: ChartProps) {
  const { max, ticks } = scaleOf(series, scale);
  const slot = PLOT_W / Math.max(categories.length, 1);
  const x = (index: number) => PAD.left + slot * index + slot / 2;
  const y = (value: number) => PAD.top + PLOT_H - (value / max) * PLOT_H;
  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      <Legend series={series} />
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} class="chart__svg" aria-hidden="true">
        <Axes categories={categories} ticks={ticks} max={max} format={format} />
        {series.map((entry) => {
          // A null breaks the line: no point is invented for a day without data.
          const runs: string[] = [];
          let run = '';
          entry.values.forEach((value, index) => {
            if (value === null) {
              if (run !== '') runs.push(run);
              run = '';
              return;
            }
            run += `${run === '' ? 'M' : 'L'}${x(index).toFixed(1)},${y(value).toFixed(1)}`;
          });
          if (run !== '') runs.push(run);
          return (
            <g key={entry.name} class={`chart__series--${entry.tone}`}>
              {runs.map((d) => (
                <path key={d} d={d} class="chart__line" />
              ))}
              {entry.values.map((value, index) =>
                value === null ? null : (
                  <circle key={index} cx={x(index)} cy={y(value)} r={3} class="chart__point">
                    <title>{`${categories[index]}: ${entry.name} ${format(value)}`}</title>
                  </circle>
                ),
              )}
            </g>
          );
        })}
      </svg>
      <DataTable title={title} categories={categories} series={series} format={format} />
    </figure>
  );
}

export interface PercentItem {
  label: string;
  percent: number | null;
  detail: string;
}

/** Horizontal 0–100 % bars, one per item (SLA attainment per clock). */
export function PercentBars({ title, items }: { title: string; items: PercentItem[] }) {
  const rowHeight = 34;
  const height = items.length * rowHeight + 8;
  const labelWidth = 150;
  const barWidth = WIDTH - labelWidth - 210;
  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${height}`} class="chart__svg" aria-hidden="true">
        {items.map((item, index) => {
          const top = 4 + index * rowHeight;
          const share = item.percent === null ? 0 : item.percent / 100;
          return (
            <g key={item.label}>
              <text x={0} y={top + 19} class="chart__label chart__label--row">
                {item.label}
              </text>
              <rect
                x={labelWidth}
                y={top + 4}
                width={barWidth}
                height={20}
                rx={4}
                class="chart__track"
              />
              <rect
                x={labelWidth}
                y={top + 4}
                width={barWidth * share}
                height={20}
                rx={4}
                class={`chart__bar ${share >= 0.9 ? 'chart__series--good' : share >= 0.75 ? 'chart__series--fair' : 'chart__series--poor'}`}
              />
              <text
                x={labelWidth + barWidth + 8}
                y={top + 19}
                class="chart__label chart__label--row"
              >
                {item.percent === null ? 'no data' : `${item.percent}%`} {item.detail}
              </text>
            </g>
          );
        })}
      </svg>
      <table class="sr-only">
        <caption>{title}</caption>
        <tbody>
          {items.map((item) => (
            <tr key={item.label}>
              <th scope="row">{item.label}</th>
              <td>
                {item.percent === null ? 'no data' : `${item.percent}%`} {item.detail}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
