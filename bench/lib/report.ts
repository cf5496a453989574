// Result rows, the markdown table printed to stdout, and the JSON file under bench/results/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

export interface Target {
  /** What the target is checked against: the ratio, or the API's own value. */
  on: 'ratio' | 'api';
  op: '>=' | '<=';
  value: number;
}

export interface ResultRow {
  workload: string;
  metric: string;
  unit: Unit;
  api: number | null;
  baseline: number | null;
  /** What the baseline column holds, e.g. "raw node:http + pg". */
  baselineName: string;
  /** api / baseline; null when there is no baseline. */
  ratio: number | null;
  target?: Target;
  met?: boolean;
  note?: string;
}

export type Unit = 'req/s' | 'ms' | 'µs' | 's' | 'logins/s' | 'msgs/s' | 'bytes' | 'MB';

export function row(
  workload: string,
  metric: string,
  unit: Unit,
  api: number | null,
  baseline: number | null,
  baselineName: string,
  target?: Target,
  note?: string,
): ResultRow {
  const ratio = api !== null && baseline !== null && baseline !== 0 ? api / baseline : null;
  const checked = target?.on === 'ratio' ? ratio : api;
  const met =
    target === undefined || checked === null || !Number.isFinite(checked)
      ? undefined
      : target.op === '>='
        ? checked >= target.value
        : checked <= target.value;
  return { workload, metric, unit, api, baseline, baselineName, ratio, target, met, note };
}

function formatValue(value: number | null, unit: Unit): string {
  if (value === null || !Number.isFinite(value)) return '—';
  switch (unit) {
    case 'ms':
      return `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`;
    case 'µs':
      return `${Math.round(value).toLocaleString('en-US')} µs`;
    case 's':
      return `${value.toFixed(2)} s`;
    case 'bytes':
      return value >= 10_240 ? `${(value / 1024).toFixed(1)} KiB` : `${Math.round(value)} B`;
    case 'MB':
      return `${value.toFixed(0)} MB`;
    default:
      return `${value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(1)} ${unit}`;
  }
}

function formatTarget(target: Target | undefined): string {
  if (target === undefined) return '';
  const op = target.op === '>=' ? '≥' : '≤';
  return target.on === 'ratio' ? `${op} ${target.value}×` : `API ${op} ${target.value}`;
}

export function markdownTable(rows: readonly ResultRow[], judged: boolean): string {
  const lines = [
    '| # | metric | API | baseline | ratio | target | met |',
    '|---|---|---:|---:|---:|---|---|',
  ];
  for (const r of rows) {
    const baseline =
      r.baseline === null ? '—' : `${formatValue(r.baseline, r.unit)} (${r.baselineName})`;
    const ratio = r.ratio === null ? '—' : `${r.ratio.toFixed(2)}×`;
    const met = r.met === undefined ? '' : !judged ? 'n/a (quick)' : r.met ? 'yes' : '**no**';
    const metric = r.note === undefined ? r.metric : `${r.metric} (${r.note})`;
    lines.push(
      `| ${r.workload} | ${metric} | ${formatValue(r.api, r.unit)} | ${baseline} | ${ratio} | ${formatTarget(r.target)} | ${met} |`,
    );
  }
  return lines.join('\n');
}

export interface RunReport {
  startedAt: string;
  finishedAt: string;
  mode: 'full' | 'quick';
  command: string;
  database: string;
  machine: { cpu: string; cores: number; memoryGiB: number; node: string; platform: string };
  settings: Record<string, unknown>;
  workloads: { id: string; seconds: number; loadAverageAtStart: number }[];
  rows: ResultRow[];
  failures: { workload: string; error: string }[];
}

export function machine(): RunReport['machine'] {
  const cpu = cpus();
  return {
    cpu: cpu[0]?.model.trim() ?? 'unknown',
    cores: cpu.length,
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

export function writeReport(dir: string, report: RunReport): string {
  mkdirSync(dir, { recursive: true });
  const stamp = report.startedAt.replace(/[:.]/g, '-');
  const file = join(dir, `bench-${report.mode}-${stamp}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}
