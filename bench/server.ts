// The API under test: the real application from createApp(config), configured by the environment
// the bench passes, in its own process, answering the bench's IPC questions (event-loop delay,
// memory) about itself.
import 'reflect-metadata';
import { createApp } from '@/app.factory';
import { loadConfig } from '@/config/config';
import { serveChild } from './lib/child';

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
