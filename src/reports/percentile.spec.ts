import { percentile, roundMinutes, summarizeDurations } from '@/reports/percentile';

describe('percentile (linear interpolation between closest ranks)', () => {
  it('is null for no values', () => {
    expect(percentile([], 0.5)).toBeNull();
    expect(summarizeDurations([])).toEqual({ median: null, p90: null, count: 0 });
  });

  it('is the value itself for one value', () => {
    expect(percentile([7], 0.5)).toBe(7);
    expect(percentile([7], 0.9)).toBe(7);
  });

  it('takes the median of an even count as the mean of the middle two', () => {
    expect(percentile([4, 1, 3, 2], 0.5)).toBe(2.5);
  });

  it('interpolates p90 between the ranks around it', () => {
    // rank 0.9 × 3 = 2.7: 3 + 0.7 × (4 − 3)
    expect(percentile([1, 2, 3, 4], 0.9)).toBeCloseTo(3.7, 10);
    // rank 0.9 × 9 = 8.1: 90 + 0.1 × (100 − 90)
    expect(percentile([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 0.9)).toBeCloseTo(91, 10);
    expect(percentile([10, 20, 30, 40, 50], 0.9)).toBeCloseTo(46, 10);
  });

  it('gives the extremes at 0 and 1, whatever the input order', () => {
    expect(percentile([5, 1, 9], 0)).toBe(1);
    expect(percentile([5, 1, 9], 1)).toBe(9);
  });

  it('rounds minutes to 0.1 in the summary', () => {
    expect(roundMinutes(1.04)).toBe(1);
    expect(roundMinutes(1.05)).toBe(1.1);
    expect(summarizeDurations([10, 20, 30, 40 / 3])).toEqual({
      median: 16.7,
      p90: 27,
      count: 4,
    });
  });
});
