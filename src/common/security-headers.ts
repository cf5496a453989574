// helmet's response headers, worked out once at boot. With one fixed configuration (no CSP nonces)
// they are the same on every response; @fastify/helmet rebuilt helmet's middleware per request.
import helmet, { type HelmetOptions } from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';

export type HeaderList = readonly (readonly [name: string, value: string])[];

/** What helmet(options) sets, in its order and spelling. (Its one removal, X-Powered-By, is a
 *  header Fastify never sets; it throws on bad options rather than calling next with them.) */
export function securityHeaders(options: HelmetOptions): HeaderList {
  const headers: [string, string][] = [];
  const recorder = {
    setHeader: (name: string, value: string) => void headers.push([name, value]),
    removeHeader: () => undefined,
  };
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, () => undefined);
  return headers;
}
