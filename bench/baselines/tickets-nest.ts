// Third side of B1: a bare Nest-on-Fastify app with the one route, doing what the raw baseline
// does (the same token check, statement and JSON, from shared.ts and tickets-sql.ts) through a
// Nest controller, with none of the API's guards, pipes, hooks or logging. The API against it is
// what our own per-request layers cost; it against the raw baseline is what Nest itself costs.
import 'reflect-metadata';
import { Controller, Get, Module, Req, Res } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { serveChild } from '../lib/child';
import { authenticate, createPool, problemBody, settings } from './shared';
import { ownTicketsPage } from './tickets-sql';

const s = settings();
const pool = createPool(s);
const PATH = '/api/v1/users/tickets';

@Controller('api/v1/users/tickets')
class TicketsController {
  @Get()
  async list(
    @Req() request: FastifyRequest<{ Querystring: { limit?: string; offset?: string } }>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<object> {
    const actor = await authenticate(request.raw, pool, s);
    if (actor === null) {
      void reply.status(401).header('www-authenticate', 'Bearer').type('application/problem+json');
      return problemBody(401, 'Invalid or expired token', PATH);
    }
    const answer = await ownTicketsPage(pool, actor.id, request.query.limit, request.query.offset);
    if (answer.status === 200) return answer.body;
    void reply.status(answer.status).type('application/problem+json');
    return problemBody(answer.status, answer.detail, PATH);
  }
}

@Module({ controllers: [TicketsController] })
class BareModule {}

serveChild(async () => {
  const app = await NestFactory.create<NestFastifyApplication>(BareModule, new FastifyAdapter(), {
    logger: ['error', 'warn'],
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  return {
    port: typeof address === 'object' && address !== null ? address.port : 0,
    close: async () => {
      await app.close();
      await pool.end();
    },
  };
});
