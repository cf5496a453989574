// Sends one webhook request with undici and reports what happened; never throws. The address
// guard runs where the connection is made: names resolve through a lookup that drops refused
// addresses (so the socket can only connect to one that passed, which defeats DNS rebinding), an
// IP literal is checked before connecting, and the connected socket's peer is checked again
// before a byte of the request is written. Redirects are not followed (undici's default).
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import { Agent, buildConnector, request } from 'undici';
import { refusalReason } from '@/webhooks/address-guard';
import { RESPONSE_LOG_BYTES, RESPONSE_READ_BYTES } from '@/webhooks/webhook-limits';

export interface SendOutcome {
  statusCode: number | null;
  /** The first RESPONSE_LOG_BYTES of the response, as text. */
  responseBody: string | null;
  retryAfter: string | undefined;
  /** Why no response came (a refused address, a timeout, a reset…). */
  error: string | null;
  durationMs: number;
}

/** A refused address, as the attempt's error. */
export class AddressRefused extends Error {
  readonly code = 'WEBHOOK_ADDRESS_REFUSED';
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/** dns.lookup, minus every address the guard refuses; none left is an AddressRefused. */
function guardedLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error !== null) return callback(error, []);
    const allowed = addresses.filter((entry) => refusalReason(entry.address) === null);
    const first = allowed[0];
    if (first === undefined) {
      const reasons = addresses.map((entry) => refusalReason(entry.address)).join('; ');
      return callback(new AddressRefused(`${hostname}: refused: ${reasons}`), []);
    }
    if (options.all === true) return callback(null, allowed);
    return callback(null, first.address, first.family);
  });
}

function guardedConnector(): buildConnector.connector {
  const connect = buildConnector({ lookup: guardedLookup });
  return (options, callback) => {
    const host = options.hostname.replace(/^\[(.*)\]$/, '$1');
    const literal = isIP(host) === 0 ? null : refusalReason(host);
    if (literal !== null) return callback(new AddressRefused(`refused: ${literal}`), null);
    connect(options, (...args) => {
      const [error, socket] = args;
      if (error !== null) return callback(error, null);
      const peer = socket.remoteAddress;
      const reason = peer === undefined ? 'no peer address' : refusalReason(peer);
      if (reason !== null) {
        socket.destroy();
        return callback(new AddressRefused(`refused: ${reason}`), null);
      }
      return callback(null, socket);
    });
  };
}

const TIMEOUTS = new Set([
  'TimeoutError',
  'AbortError',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** The innermost message of an error chain (undici wraps connect errors). */
function describe(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 5; depth += 1) {
    const cause: unknown = (current as { cause?: unknown } | null)?.cause;
    if (current instanceof AddressRefused || cause === undefined) break;
    current = cause;
  }
  // Duck-typed: an abort's DOMException may come from another realm than this Error.
  const { name, code, message } = (current ?? {}) as {
    name?: unknown;
    code?: unknown;
    message?: unknown;
  };
  if (TIMEOUTS.has(String(name)) || TIMEOUTS.has(String(code))) return 'timed out';
  if (current instanceof AddressRefused) return current.message;
  if (typeof message !== 'string') return String(current);
  return typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message;
}

/** Text PostgreSQL can store: no NUL characters. */
function storable(bytes: Buffer): string {
  return bytes.toString('utf8').replaceAll('\u0000', '\uFFFD');
}

export class WebhookSender {
  private readonly agent: Agent;

  constructor(private readonly options: { allowPrivate: boolean; timeoutMs: number }) {
    this.agent = new Agent({
      connect: options.allowPrivate ? undefined : guardedConnector(),
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      keepAliveTimeout: 4_000,
    });
  }

  async send(url: string, headers: Record<string, string>, body: string): Promise<SendOutcome> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    try {
      const response = await request(url, {
        method: 'POST',
        headers,
        body,
        dispatcher: this.agent,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      const chunks: Buffer[] = [];
      let read = 0;
      // Up to RESPONSE_READ_BYTES; leaving the loop early drops the rest with the connection.
      for await (const chunk of response.body as AsyncIterable<Buffer>) {
        chunks.push(chunk);
        read += chunk.length;
        if (read >= RESPONSE_READ_BYTES) break;
      }
      const retryAfter = response.headers['retry-after'];
      return {
        statusCode: response.statusCode,
        responseBody: storable(Buffer.concat(chunks).subarray(0, RESPONSE_LOG_BYTES)),
        retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter,
        error: null,
        durationMs: elapsed(),
      };
    } catch (error) {
      return {
        statusCode: null,
        responseBody: null,
        retryAfter: undefined,
        error: describe(error).slice(0, 1000),
        durationMs: elapsed(),
      };
    }
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}
