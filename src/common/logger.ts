// One pino logger for Fastify's request logs and Nest's own messages; secrets are redacted.
import { LoggerService } from '@nestjs/common';
import pino, { DestinationStream, Logger } from 'pino';
import type { LogFormat } from '@/config/config';

/** `destination` is stdout unless given (a test passes a file). */
export async function createLogger(
  level: string,
  format: LogFormat,
  destination?: string,
): Promise<Logger> {
  return pino(
    {
      level,
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          '*.password',
          '*.refresh_token',
          '*.access_token',
          '*.token',
        ],
        censor: '[redacted]',
      },
      serializers: {
        req: (req: { method: string; url: string; id: string; ip?: string }) => ({
          id: req.id,
          method: req.method,
          // Socket.IO clients may pass their token in the query string: never log it.
          url: req.url.replace(
            /([?&](?:token|access_token|refresh_token)=)[^&]*/gi,
            '$1[redacted]',
          ),
          remoteAddress: req.ip,
        }),
      },
    },
    format === 'pretty'
      ? await prettyStream(destination)
      : pino.destination({ dest: destination ?? 1, sync: true }),
  );
}

/** pino-pretty costs ~55 ms to load, so only a terminal that shows it pays for it. */
async function prettyStream(destination: string | undefined): Promise<DestinationStream> {
  const { default: pretty } = await import('pino-pretty');
  // In-process and synchronous: a line written just before exit is never lost, which a
  // transport's worker thread cannot promise.
  return pretty({
    sync: true,
    destination: destination ?? 1,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,context',
    messageFormat: '{if context}[{context}] {end}{msg}',
  });
}

export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string): void {
    this.logger.info({ context }, String(message));
  }

  error(message: unknown, trace?: string, context?: string): void {
    this.logger.error({ context, trace }, String(message));
  }

  warn(message: unknown, context?: string): void {
    this.logger.warn({ context }, String(message));
  }

  debug(message: unknown, context?: string): void {
    this.logger.debug({ context }, String(message));
  }

  verbose(message: unknown, context?: string): void {
    this.logger.trace({ context }, String(message));
  }
}
