// Who may open a widget session, judged by the request's `Origin` (pure). Browsers send Origin on
// every POST (fetch in cors mode keeps it even under `Referrer-Policy: no-referrer`), so:
// - no Origin: not a browser — a host site's backend exchanging the token itself. The token's
//   signature is the authentication there; the origin rule is not.
// - the API's own origin (same host as the request): the widget page, which the API serves and
//   which `frame-ancestors` (WIDGET_ORIGINS) lets only the listed sites embed.
// - a listed origin: a host page calling the API itself (CORS_ORIGINS must list it too).
// With WIDGET_ORIGINS empty any site may embed the widget page, so being framed proves nothing:
// anonymous sessions are open to every origin and identities to none (only server-to-server).
// `Origin: null` (sandboxed frames, file:) is an unknown site.
import { parseOrigin } from '@/config/config';

export type WidgetSessionKind = 'identity' | 'anonymous';

export function mayOpenSession(
  kind: WidgetSessionKind,
  origin: string | undefined,
  /** The request's Host (X-Forwarded-Host behind a trusted proxy). */
  requestHost: string,
  allowed: readonly string[],
): boolean {
  if (origin === undefined) return true;
  if (allowed.length === 0) return kind === 'anonymous';
  const parsed = parseOrigin(origin);
  if (parsed === undefined) return false;
  return allowed.includes(parsed) || sameHost(parsed, requestHost);
}

/** The origin names the host the request was sent to (its default port left out or not). */
function sameHost(origin: string, requestHost: string): boolean {
  const url = new URL(origin);
  try {
    return new URL(`${url.protocol}//${requestHost}`).host === url.host;
  } catch {
    return false;
  }
}
