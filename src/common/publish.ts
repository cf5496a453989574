// Domain events go out after the change they describe is committed: a listener that fails
// (a socket broadcast, say) is logged and must not turn that change into an error.
import { Logger } from '@nestjs/common';
import type { EventEmitter2 } from '@nestjs/event-emitter';

const logger = new Logger('DomainEvents');

export function publish<T>(events: EventEmitter2, name: string, payload: T): void {
  try {
    events.emit(name, payload);
  } catch (error) {
    logger.error(`A ${name} listener failed`, error instanceof Error ? error.stack : String(error));
  }
}
