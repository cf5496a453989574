// helmet's response headers, set by helmet's own middleware on each response (@fastify/helmet is
// not installed). A header list worked out once against a fake response saved 0.2–0.7 µs of ~6 µs
// per response (11 headers, node 20 micro-benchmark): not worth a second way of running helmet.
import helmet, { type HelmetOptions } from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';

export type SecurityHeaders = (request: IncomingMessage, response: ServerResponse) => void;

/** helmet(options), built once at boot (it throws on bad options), for an onRequest hook. */
export function securityHeaders(options: HelmetOptions): SecurityHeaders {
  const middleware = helmet(options);
  return (request, response) =>
    middleware(request, response, (error?: unknown) => {
      if (error !== undefined) throw new Error('helmet failed', { cause: error });
    });
}

/**
 * The policy of a page the API serves to browsers (the console, the widget frame): scripts,
 * styles, images and connections from its own origin only (images also from blob:, the
 * attachments fetched with a token), no inline script or style, no plugins, no <base>, and only
 * `frameAncestors` may embed it (`'none'`: nobody).
 */
export function pageSecurityHeaders(frameAncestors: readonly string[]): SecurityHeaders {
  const framable = !(frameAncestors.length === 1 && frameAncestors[0] === "'none'");
  return securityHeaders({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'blob:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        manifestSrc: ["'self'"],
        baseUri: ["'none'"],
        formAction: ["'none'"],
        frameAncestors: [...frameAncestors],
        requireTrustedTypesFor: ["'script'"],
        trustedTypes: ["'none'"],
      },
    },
    // frame-ancestors decides; X-Frame-Options has no way to name other origins.
    frameguard: framable ? false : { action: 'deny' },
    // A framable page is a cross-origin resource of its host page.
    crossOriginResourcePolicy: { policy: framable ? 'cross-origin' : 'same-origin' },
  });
}

/** A script other sites load with <script src> (the widget loader): cross-origin readable. */
export function embeddableScriptHeaders(): SecurityHeaders {
  return securityHeaders({
    contentSecurityPolicy: false,
    crossOriginResourcePolicy: { policy: 'cross-origin' },
  });
}
