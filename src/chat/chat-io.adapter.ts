// The Socket.IO server: frame limit, connection-state recovery, and with REDIS_URL the Redis
// Streams adapter, so rooms, broadcasts and disconnects reach every instance.
import { INestApplicationContext, Logger } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { MessageMappingProperties } from '@nestjs/websockets';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Redis } from 'ioredis';
import { isObservable, Observable } from 'rxjs';
import type { Server, ServerOptions, Socket } from 'socket.io';
import type { AppConfig } from '@/config/config';
import { REDIS_CLIENT } from '@/redis/redis.module';

export const MAX_FRAME_BYTES = 64 * 1024;

export class ChatIoAdapter extends IoAdapter {
  private readonly logger = new Logger('Chat');
  private readonly servers: Server[] = [];

  constructor(
    private readonly app: INestApplicationContext,
    private readonly config: AppConfig,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: Partial<ServerOptions>): Server {
    const server = super.createIOServer(port, {
      ...options,
      maxHttpBufferSize: MAX_FRAME_BYTES,
      cors: this.config.corsOrigins.length > 0 ? { origin: this.config.corsOrigins } : undefined,
      connectionStateRecovery: {
        maxDisconnectionDuration: 2 * 60 * 1000,
        // Recovery must still run the auth middleware; the gateway re-checks restored rooms.
        skipMiddlewares: false,
      },
    }) as Server;
    const redis = this.app.get<Redis | null>(REDIS_CLIENT);
    if (redis !== null) {
      server.adapter(
        createAdapter(redis, {
          streamName: `${this.config.redisKeyPrefix}:socket.io`,
          sessionKeyPrefix: `${this.config.redisKeyPrefix}:sio:session:`,
          // Short blocking reads, so a closing instance lets go of Redis within a second.
          blockTimeInMs: 1000,
        }),
      );
      this.logger.log('Socket.IO rooms shared through Redis Streams');
    }
    this.servers.push(server);
    return server;
  }

  /**
   * Nest binds each handler through an rxjs pipeline per socket and event (fromEvent, mergeMap,
   * takeUntil): about 14 KiB a socket and a third of a message's dispatch time. Plain listeners
   * do the same job: Nest's wrapped callback (pipes, guards, exception handling) answers through
   * the ack, or emits when it returns `{event, data}`. Listeners go with the socket.
   */
  override bindMessageHandlers(
    socket: Socket,
    handlers: MessageMappingProperties[],
    transform: (data: unknown) => Observable<unknown>,
  ): void {
    for (const { message, callback, isAckHandledManually } of handlers) {
      socket.on(message as string, (...args: unknown[]) => {
        const { data, ack } = this.mapPayload(args) as { data: unknown; ack?: unknown };
        const answer = (response: unknown) => {
          if (response === null || response === undefined) return;
          const emitted = response as { event?: string; data?: unknown };
          if (emitted.event) socket.emit(emitted.event, emitted.data);
          else if (!isAckHandledManually && typeof ack === 'function')
            (ack as (answer: unknown) => void)(response);
        };
        // The callback never rejects (Nest's exception handling is inside it); with
        // interceptors it resolves to an Observable, which goes through Nest's own transform.
        Promise.resolve(callback(data, ack))
          .then((result: unknown) => {
            if (isObservable(result)) transform(result).subscribe(answer);
            else answer(result);
          })
          // Only answering itself can fail here (an unencodable reply): log, never crash.
          .catch((error: unknown) =>
            this.logger.error(
              `Answering a ${message as string} event failed`,
              error instanceof Error ? error.stack : String(error),
            ),
          );
      });
    }
  }

  /**
   * Nest hands `close` the namespace and also the root server, whose close() closes the HTTP
   * server it shares with Fastify and waits for every connection — while Fastify, not closing
   * yet, keeps keep-alive connections busy: shutdown hung until the grace ran out. Fastify closes
   * the HTTP server (it drains in-flight requests); dispose() stops Socket.IO.
   */
  override close(): Promise<void> {
    return Promise.resolve();
  }

  /**
   * The adapters stop (their Redis readers let go) and the engine closes every transport, which
   * clients take as a cue to reconnect — to another instance, when this one is going away.
   */
  override async dispose(): Promise<void> {
    for (const server of this.servers.splice(0)) {
      for (const name of ['/', '/chat']) await server.of(name).adapter.close();
      server.engine.close();
    }
  }
}
