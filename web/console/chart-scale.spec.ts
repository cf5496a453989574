import { labelEvery, niceScale } from '@web/console/chart-scale';

describe('niceScale', () => {
  it.each([
    [100, 100, [0, 25, 50, 75, 100]],
    [93, 100, [0, 25, 50, 75, 100]],
    [7, 8, [0, 2, 4, 6, 8]],
    [1, 1, [0, 0.25, 0.5, 0.75, 1]],
    [4.35, 6, [0, 2, 4, 6]],
    [1234, 1500, [0, 500, 1000, 1500]],
  ])('covers %p with a top of %p and round ticks', (max, top, ticks) => {
    const scale = niceScale(max);
    expect(scale.max).toBeGreaterThanOrEqual(max);
    expect(scale.ticks[0]).toBe(0);
    expect(scale.ticks[scale.ticks.length - 1]).toBe(scale.max);
    expect(scale.max).toBe(top);
    expect(scale.ticks).toEqual(ticks);
  });

  it('gives an empty range an axis of 0 to 1', () => {
    expect(niceScale(0)).toEqual({ max: 1, ticks: [0, 1] });
    expect(niceScale(Number.NaN)).toEqual({ max: 1, ticks: [0, 1] });
  });
});

describe('labelEvery', () => {
  it('prints every label when they fit, else every nth', () => {
    expect(labelEvery(7, 10)).toBe(1);
    expect(labelEvery(30, 10)).toBe(3);
    expect(labelEvery(31, 10)).toBe(4);
  });
});
