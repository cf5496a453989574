// HTTP load with autocannon as a library. Latencies come from autocannon's per-response timings
// (process.hrtime, sub-millisecond) rather than its histogram, which rounds to whole milliseconds.
import autocannon from 'autocannon';
import type { EventLoopDelay } from './child';
import type { Phases } from './context';
import type { BenchChild } from './processes';
import { alternate } from './rounds';
import { LatencySummary, summarize } from './stats';

export interface HttpLoadOptions {
  url: string;
  connections: number;
  /** Seconds. */
  duration: number;
  /** Stop after this many requests instead (for slow operations such as logins). */
  amount?: number;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Requests per second over all connections; unset means as fast as the server answers. */
  overallRate?: number;
  /** Return the raw 2xx latencies too, to pool several runs. */
  keepSamples?: boolean;
}

export interface HttpLoadResult {
  /** 2xx responses per second. */
  rps: number;
  ok: number;
  latency: LatencySummary;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  seconds: number;
  samples: number[];
}

export function httpLoad(options: HttpLoadOptions): Promise<HttpLoadResult> {
  const samples: number[] = [];
  const statusCodes: Record<string, number> = {};
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        duration: options.duration,
        amount: options.amount,
        method: options.method ?? 'GET',
        headers:
          options.body === undefined
            ? options.headers
            : { 'content-type': 'application/json', ...options.headers },
        body: options.body,
        overallRate: options.overallRate,
        timeout: 30,
      },
      (error: Error | null, result: autocannon.Result) => {
        if (error !== null && error !== undefined) return reject(error);
        const ok = result['2xx'];
        resolve({
          rps: ok / result.duration,
          ok,
          latency: summarize(samples),
          non2xx: result.non2xx,
          errors: result.errors,
          timeouts: result.timeouts,
          statusCodes,
          seconds: result.duration,
          samples: options.keepSamples === true ? samples : [],
        });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      statusCodes[statusCode] = (statusCodes[statusCode] ?? 0) + 1;
      if (statusCode >= 200 && statusCode < 300) samples.push(responseTime);
    });
  });
}

/** A first, unmeasured run: connections, JIT, caches and pools are warm for the measured one. */
export async function warmUp(options: HttpLoadOptions): Promise<HttpLoadResult> {
  const result = await httpLoad(options);
  if (result.ok === 0) {
    throw new Error(
      `warm-up of ${options.method ?? 'GET'} ${options.url} got no 2xx answer: ${JSON.stringify(result.statusCodes)} (errors ${result.errors})`,
    );
  }
  return result;
}

export interface HttpSide {
  server: BenchChild;
  load: Omit<HttpLoadOptions, 'url' | 'duration' | 'keepSamples'> & { path: string };
}

export interface HttpTotals {
  /** 2xx answers per measured second, over all rounds. */
  rps: number;
  ok: number;
  seconds: number;
  latency: LatencySummary;
  statusCodes: Record<string, number>;
  errors: number;
  /** The server's own event-loop delay over its measured rounds. */
  eventLoop: EventLoopDelay;
  /** The server process's CPU time over its measured rounds ÷ the answers it gave, in µs. */
  cpuPerRequestUs: number;
  /** Per measured round, in order: req/s and CPU µs per answer (the spread behind the pools). */
  roundRps: number[];
  roundCpuUs: number[];
}

interface RoundTotals {
  ok: number;
  answers: number;
  cpuMicros: number;
  roundRps: number[];
  roundCpuUs: number[];
  seconds: number;
  samples: number[];
  statusCodes: Record<string, number>;
  errors: number;
}

/**
 * Warms each side up, then measures them in alternating rounds with each server's event-loop
 * monitor and CPU clock read only over its own rounds. Returns one total per side, in order.
 */
export async function compareHttp<const S extends readonly HttpSide[]>(
  sides: S,
  phases: Phases,
): Promise<{ -readonly [K in keyof S]: HttpTotals }> {
  const options = sides.map(({ server, load }) => ({ ...load, url: `${server.url}${load.path}` }));
  for (const [index, side] of sides.entries()) {
    await warmUp({ ...options[index]!, duration: phases.warmup });
    await side.server.eventLoopReset();
  }
  const totals = sides.map((): RoundTotals => ({
    ok: 0,
    answers: 0,
    cpuMicros: 0,
    roundRps: [],
    roundCpuUs: [],
    seconds: 0,
    samples: [],
    statusCodes: {},
    errors: 0,
  }));
  await alternate(sides.length, phases.rounds, async (index) => {
    const server = sides[index]!.server;
    await server.eventLoopResume();
    const cpuBefore = await server.cpuMicros();
    const result = await httpLoad({
      ...options[index]!,
      duration: phases.roundSeconds,
      keepSamples: true,
    });
    const cpuAfter = await server.cpuMicros();
    await server.eventLoopPause();
    const total = totals[index]!;
    total.ok += result.ok;
    total.cpuMicros += cpuAfter - cpuBefore;
    const answers = Object.values(result.statusCodes).reduce((sum, n) => sum + n, 0);
    total.answers += answers;
    total.roundRps.push(result.ok / result.seconds);
    total.roundCpuUs.push((cpuAfter - cpuBefore) / answers);
    total.seconds += result.seconds;
    total.errors += result.errors;
    total.samples.push(...result.samples);
    for (const [code, n] of Object.entries(result.statusCodes)) {
      total.statusCodes[code] = (total.statusCodes[code] ?? 0) + n;
    }
  });
  const results: HttpTotals[] = [];
  for (const [index, side] of sides.entries()) {
    const total = totals[index]!;
    if (total.ok === 0) {
      throw new Error(`${side.server.name}: no 2xx answer: ${JSON.stringify(total.statusCodes)}`);
    }
    results.push({
      rps: total.ok / total.seconds,
      ok: total.ok,
      seconds: total.seconds,
      latency: summarize(total.samples),
      statusCodes: total.statusCodes,
      errors: total.errors,
      eventLoop: await side.server.eventLoopRead(),
      cpuPerRequestUs: total.cpuMicros / total.answers,
      roundRps: total.roundRps,
      roundCpuUs: total.roundCpuUs,
    });
  }
  return results as { -readonly [K in keyof S]: HttpTotals };
}

/** One request's JSON body, for the same-answer checks. */
export async function fetchJson(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    headers:
      init.body === undefined
        ? init.headers
        : { 'content-type': 'application/json', ...init.headers },
    body: init.body,
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body };
}

/** "API: 3 × 500; baseline: 2 errors" when either side had answers other than 2xx. */
export function failureNote(
  sides: Record<string, { statusCodes: Record<string, number>; errors: number }>,
): string | undefined {
  const parts: string[] = [];
  for (const [name, result] of Object.entries(sides)) {
    const codes = Object.entries(result.statusCodes)
      .filter(([code]) => !code.startsWith('2'))
      .map(([code, n]) => `${n} × ${code}`);
    if (result.errors > 0) codes.push(`${result.errors} errors`);
    if (codes.length > 0) parts.push(`${name}: ${codes.join(', ')}`);
  }
  return parts.length === 0 ? undefined : parts.join('; ');
}

export function joinNotes(...notes: (string | undefined)[]): string | undefined {
  const given = notes.filter((note): note is string => note !== undefined && note !== '');
  return given.length === 0 ? undefined : given.join('; ');
}

/** Every CSR sends `PUT /csr/me/presence` at once, as REST-only consoles would; any non-200 throws. */
export async function setPresence(
  apiUrl: string,
  tokens: readonly string[],
  availability: 'online' | 'away' | 'offline',
): Promise<void> {
  await Promise.all(
    tokens.map(async (token) => {
      const answer = await fetchJson(`${apiUrl}/api/v1/csr/me/presence`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${token}` },
        body: JSON.stringify({ availability }),
      });
      if (answer.status !== 200) throw new Error(`presence answered ${answer.status}`);
    }),
  );
}
