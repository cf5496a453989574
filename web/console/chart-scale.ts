// Axis arithmetic for the report charts: a "nice" top value and its ticks (1, 2, 2.5 or 5 times
// a power of ten), so an axis reads 0, 25, 50, 75, 100 rather than 0, 23.4, 46.8.

export interface Scale {
  max: number;
  ticks: number[];
}

const STEPS = [1, 2, 2.5, 5, 10];

/** A scale from 0 covering `max` in about `count` steps; an empty range still gets an axis. */
export function niceScale(max: number, count = 4): Scale {
  if (!Number.isFinite(max) || max <= 0) return { max: 1, ticks: [0, 1] };
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = (STEPS.find((candidate) => candidate * power >= raw) ?? 10) * power;
  const top = Math.ceil(max / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let value = 0; value <= top + step / 2; value += step) ticks.push(round(value));
  return { max: round(top), ticks };
}

/** Which of `count` x labels to print so that at most `room` show, evenly spread. */
export function labelEvery(count: number, room: number): number {
  return count <= room ? 1 : Math.ceil(count / room);
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
