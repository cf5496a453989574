// Builds the configured application; main.ts, the e2e tests and the benchmarks all start here.
import { RequestMethod, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { AppModule } from '@/app.module';
import { ChatIoAdapter } from '@/chat/chat-io.adapter';
import { validationExceptionFactory } from '@/common/errors/validation';
import { ProblemDetailsFilter } from '@/common/filters/problem-details.filter';
import { createLogger, NestPinoLogger } from '@/common/logger';
import type { AppConfig } from '@/config/config';

const BODY_LIMIT_BYTES = 100 * 1024;
const REQUEST_ID = /^[\w.:-]{1,128}$/;

export async function createApp(config: AppConfig): Promise<NestFastifyApplication> {
  const logger = createLogger(config.logLevel);
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: config.trustProxy,
    requestIdHeader: false,
    genReqId: (request: IncomingMessage) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    routerOptions: { ignoreTrailingSlash: true },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger: new NestPinoLogger(logger),
    bufferLogs: false,
  });

  const fastify = app.getHttpAdapter().getInstance();
  // JSON only: a text/plain or XML body is a 415, not something validation has to make sense of.
  fastify.removeContentTypeParser(['text/plain']);
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    done();
  });

  app.setGlobalPrefix('api/v1', {
    exclude: [
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
    ],
  });
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: validationExceptionFactory,
    }),
  );
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.enableCors({
    origin: config.corsOrigins.length === 0 ? false : config.corsOrigins,
    exposedHeaders: ['x-request-id', 'retry-after', 'www-authenticate'],
  });
  app.useWebSocketAdapter(new ChatIoAdapter(app, config));
  app.enableShutdownHooks();
  return app;
}
