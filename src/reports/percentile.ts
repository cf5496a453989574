// Percentiles of durations by linear interpolation between closest ranks (Hyndman–Fan type 7:
// Excel's PERCENTILE.INC, NumPy's and R's default), so the median of an even count is the mean of
// the middle two, as readers expect.

/** The p-th percentile (0–1) of `values`, in any order; null when there are none. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = p * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  const lower = sorted[low]!;
  return lower + (sorted[high]! - lower) * (rank - low);
}

/** Minutes as the reports give them: to 0.1. */
export function roundMinutes(minutes: number): number {
  return Math.round(minutes * 10) / 10;
}

export interface DurationSummary {
  median: number | null;
  p90: number | null;
  count: number;
}

export function summarizeDurations(minutes: readonly number[]): DurationSummary {
  const round = (value: number | null) => (value === null ? null : roundMinutes(value));
  return {
    median: round(percentile(minutes, 0.5)),
    p90: round(percentile(minutes, 0.9)),
    count: minutes.length,
  };
}
