// One Redis connection for the process when REDIS_URL is set (null otherwise), closed at shutdown.
import { Global, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { AppConfig } from '@/config/config';
import { APP_CONFIG } from '@/config/config.module';

export const REDIS_CLIENT = Symbol('REDIS_CLIENT');

async function connect(config: AppConfig): Promise<Redis | null> {
  if (config.redisUrl === undefined) return null;
  // Loaded only when used: most of a tenth of a second at start for an instance without Redis.
  const { Redis } = await import('ioredis');
  const logger = new Logger('Redis');
  const client = new Redis(config.redisUrl, { maxRetriesPerRequest: 2, enableOfflineQueue: true });
  client.on('error', (error: Error) => logger.warn(error.message));
  return client;
}

@Injectable()
class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS_CLIENT) private readonly redis: Redis | null) {}

  onApplicationShutdown(): void {
    this.redis?.disconnect();
  }
}

@Global()
@Module({
  providers: [{ provide: REDIS_CLIENT, inject: [APP_CONFIG], useFactory: connect }, RedisCloser],
  exports: [REDIS_CLIENT],
})
export class RedisModule {}
