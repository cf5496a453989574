// The API under test: the real application from createApp(config), configured by the environment
// the bench passes, in its own process, answering the bench's IPC questions (event-loop delay,
// memory) about itself.
import 'reflect-metadata';
import { createApp } from '@/app.factory';
import { SendRateLimiter } from '@/chat/send-rate-limiter';
import { loadConfig } from '@/config/config';
import { serveChild } from './lib/child';

// The chat's per-socket send limit (20 per 10 s) exists against abuse and would cap B5 at a
// fixed rate. The limiter still does its bookkeeping on every send; it just never refuses.
const take = SendRateLimiter.prototype.take;
SendRateLimiter.prototype.take = function (this: SendRateLimiter): number {
  take.call(this);
  return 0;
};

serveChild(async () => {
  const config = loadConfig();
  const app = await createApp(config);
  await app.listen({ port: config.port, host: config.host });
  const address = app.getHttpServer().address();
  return {
    port: typeof address === 'object' && address !== null ? address.port : config.port,
    close: () => app.close(),
  };
});
