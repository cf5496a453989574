// Builds the configured application; main.ts, the e2e tests and the benchmarks all start here.
import multipart from '@fastify/multipart';
import { RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { AppModule } from '@/app.module';
import { MULTIPART_ROUTES } from '@/attachments/attachments.http';
import { ChatIoAdapter } from '@/chat/chat-io.adapter';
import { setupDocs } from '@/docs/docs';
import { HealthService } from '@/health/health.service';
import { validationExceptionFactory } from '@/common/errors/validation';
import { problem, ProblemDetailsFilter } from '@/common/filters/problem-details.filter';
import { jsonBodyProblem } from '@/common/json-body';
import { AppValidationPipe } from '@/common/pipes/validation.pipe';
import { RateLimiter } from '@/common/rate-limiter';
import { securityHeaders } from '@/common/security-headers';
import { createLogger, NestPinoLogger } from '@/common/logger';
import type { AppConfig } from '@/config/config';
import { REDIS_CLIENT } from '@/redis/redis.module';
import { setupWebClients, webClientHeaders } from '@/web/web-clients';

const BODY_LIMIT_BYTES = 100 * 1024;
const STREAM_BUFFER_BYTES = 256 * 1024;
const REQUEST_ID = /^[\w.:-]{1,128}$/;

export async function createApp(config: AppConfig): Promise<NestFastifyApplication> {
  const logger = await createLogger(config.logLevel, config.logFormat);
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    bodyLimit: BODY_LIMIT_BYTES,
    requestTimeout: config.requestTimeoutMs,
    trustProxy: config.trustProxy,
    requestIdHeader: false,
    genReqId: (request: IncomingMessage) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    routerOptions: { ignoreTrailingSlash: true },
    // A URL that cannot be decoded (`%zz`) is refused with a problem document like the rest.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const status = error.statusCode ?? 500;
      const instance = request.url.split('?')[0] ?? '/';
      void reply
        .status(status)
        .type('application/problem+json')
        .send(problem(status, status === 400 ? 'Malformed URL' : 'Request failed', instance));
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger: new NestPinoLogger(logger),
    bufferLogs: false,
    // Fastify's own JSON parser only: Nest's would add a form (urlencoded) parser, and the API
    // takes JSON alone, so a form body is a 415 like text/plain.
    bodyParser: false,
  });

  const fastify = app.getHttpAdapter().getInstance();
  // JSON only: a text/plain or XML body is a 415, not something validation has to make sense of.
  fastify.removeContentTypeParser(['text/plain']);
  // multipart/form-data for the upload route alone (the parser only marks the request; the
  // route streams the part itself). A file one byte over the limit is enough to refuse it.
  await fastify.register(multipart, {
    // busboy's buffer sizes (untyped options it takes as they are): 16 KiB parts made the file
    // stream signal backpressure every few chunks; 256 KiB keeps 8 uploads at a few MiB.
    ...({ highWaterMark: STREAM_BUFFER_BYTES, fileHwm: STREAM_BUFFER_BYTES } as object),
    throwFileSizeLimit: false,
    limits: {
      fileSize: config.attachments.maxBytes + 1,
      files: 1,
      fields: 10,
      fieldSize: 1024,
      parts: 11,
      headerPairs: 20,
    },
  });
  const helmetHeaders = securityHeaders({
    // The API serves JSON; the documentation pages set their own policy.
    contentSecurityPolicy: false,
    crossOriginResourcePolicy: { policy: 'same-site' },
  });
  // The browser clients' pages and loader carry their own policy (CSP, who may frame them).
  const pageHeaders = webClientHeaders(config);
  const limiter = new RateLimiter(
    config.rateLimitPerMinute,
    app.get(REDIS_CLIENT),
    config.redisKeyPrefix,
  );
  fastify.addHook('onRequest', async (request, reply) => {
    (pageHeaders.get(request.routeOptions.url ?? '') ?? helmetHeaders)(request.raw, reply.raw);
    void reply.header('x-request-id', request.id);
    if (request.url.startsWith('/health/')) return;
    const wait = await limiter.hit(request.ip);
    if (wait === 0) return;
    const instance = request.url.split('?')[0] ?? '/';
    return reply
      .status(429)
      .header('retry-after', String(wait))
      .type('application/problem+json')
      .send(problem(429, 'Rate limit exceeded; try again later', instance));
  });

  // While draining for shutdown every response closes its connection, so that no keep-alive
  // connection is left idle for server.close() to cut under a client about to reuse it.
  const health = app.get(HealthService);
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (health.draining) void reply.header('connection', 'close');
    done(null, payload);
  });

  fastify.addHook('preValidation', (request, reply, done) => {
    if (request.isMultipart() && !MULTIPART_ROUTES.has(request.routeOptions.url ?? '')) {
      void reply
        .status(415)
        .type('application/problem+json')
        .send(
          problem(
            415,
            'Unsupported content type; send application/json',
            request.url.split('?')[0] ?? '/',
          ),
        );
      return;
    }
    const detail = request.body === undefined ? undefined : jsonBodyProblem(request.body);
    if (detail === undefined) return done();
    const instance = request.url.split('?')[0] ?? '/';
    void reply
      .status(400)
      .type('application/problem+json')
      .send(problem(400, detail, instance));
  });

  app.setGlobalPrefix('api/v1', {
    exclude: [
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
    ],
  });
  app.useGlobalPipes(
    new AppValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: validationExceptionFactory,
    }),
  );
  app.useGlobalFilters(new ProblemDetailsFilter());
  // No allowed origins, no CORS hook: with `origin: false` it answered nothing on any request
  // (a preflight fell through to 404 either way) but still cost a resolver call on every one.
  if (config.corsOrigins.length > 0) {
    app.enableCors({
      origin: config.corsOrigins,
      exposedHeaders: ['x-request-id', 'retry-after', 'www-authenticate'],
    });
  }
  app.useWebSocketAdapter(new ChatIoAdapter(app, config));
  setupDocs(app);
  if (!(await setupWebClients(app, config))) {
    logger.debug('Web clients not built (running from source): serving the API only');
  }
  return app;
}
