// Serves the browser clients that scripts/build.js built (web/ → the build folder's public/):
// /widget.js (the embed), /widget/frame (the widget's iframe), /console, and their hashed
// /assets/. Nothing is built at request time; each page gets its own security headers
// (pageSecurityHeaders), picked per route by the app's onRequest hook.
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  embeddableScriptHeaders,
  pageSecurityHeaders,
  type SecurityHeaders,
} from '@/common/security-headers';
import type { AppConfig } from '@/config/config';

/** Where the build puts the clients: beside `src/` in the build folder. From source: not built. */
export const WEB_ROOT = join(__dirname, '..', '..', 'public');

export const WIDGET_LOADER_PATH = '/widget.js';
export const WIDGET_FRAME_PATH = '/widget/frame';
export const CONSOLE_PATH = '/console';
const ASSETS_PREFIX = '/assets/';

/** The frame's placeholder the configured origins are written into (see web/widget/frame.html). */
const ORIGINS_META = '<meta name="widget-origins" content="" />';

/**
 * The security headers of each client route, by route path. Empty WIDGET_ORIGINS: any page may
 * frame the widget (it then takes no identity, which the frame itself enforces).
 */
export function webClientHeaders(config: AppConfig): Map<string, SecurityHeaders> {
  const frameAncestors = config.widget.origins.length > 0 ? config.widget.origins : ['*'];
  return new Map([
    [WIDGET_LOADER_PATH, embeddableScriptHeaders()],
    [WIDGET_FRAME_PATH, pageSecurityHeaders(frameAncestors)],
    [CONSOLE_PATH, pageSecurityHeaders(["'none'"])],
  ]);
}

interface Encoded {
  identity: Buffer;
  br: Buffer | undefined;
  gzip: Buffer | undefined;
}

/**
 * Registers the client routes when the clients were built (`npm start` always builds them);
 * returns false when they were not (the API runs from source, as in the e2e tests).
 */
export async function setupWebClients(
  app: NestFastifyApplication,
  config: AppConfig,
  root = WEB_ROOT,
): Promise<boolean> {
  const framePage = join(root, 'widget', 'frame.html');
  if (!existsSync(framePage)) return false;
  const fastify = app.getHttpAdapter().getInstance();
  const origins = config.widget.origins.join(' ');
  const frame = readFileSync(framePage, 'utf8').replace(
    ORIGINS_META,
    `<meta name="widget-origins" content="${origins}" />`,
  );
  const consolePage = readFileSync(join(root, 'console', 'index.html'), 'utf8');
  const loader = readEncoded(join(root, 'widget.js'));

  await fastify.register(fastifyStatic, {
    root: join(root, 'assets'),
    prefix: ASSETS_PREFIX,
    // @nestjs/swagger registers its own instance; one `sendFile` decorator is enough.
    decorateReply: false,
    index: false,
    // Hashed names: a changed file is a new URL, so a year's cache is safe.
    immutable: true,
    maxAge: '365d',
    preCompressed: true,
  });
  const page = (html: string) => (_request: FastifyRequest, reply: FastifyReply) =>
    reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(html);
  fastify.get(WIDGET_FRAME_PATH, page(frame));
  fastify.get(CONSOLE_PATH, page(consolePage));
  fastify.get(WIDGET_LOADER_PATH, (request, reply) => {
    const accepted = String(request.headers['accept-encoding'] ?? '');
    const [encoding, body] =
      loader.br !== undefined && /\bbr\b/.test(accepted)
        ? ['br', loader.br]
        : loader.gzip !== undefined && /\bgzip\b/.test(accepted)
          ? ['gzip', loader.gzip]
          : [undefined, loader.identity];
    if (encoding !== undefined) void reply.header('content-encoding', encoding);
    // A stable URL every host page embeds: short-lived, so a release reaches them soon.
    return reply
      .header('vary', 'accept-encoding')
      .header('cache-control', 'public, max-age=300')
      .type('application/javascript; charset=utf-8')
      .send(body);
  });
  return true;
}

function readEncoded(file: string): Encoded {
  const optional = (path: string) => (existsSync(path) ? readFileSync(path) : undefined);
  return { identity: readFileSync(file), br: optional(`${file}.br`), gzip: optional(`${file}.gz`) };
}
