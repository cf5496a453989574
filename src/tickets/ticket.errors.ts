// The ticket rules' refusals; ProblemDetailsFilter maps their kinds to 404, 409, 422 and 400.
import { Conflict, NotFound, Unprocessable, ValidationFailed } from '@/common/errors/domain-errors';

/** Also what a user gets for someone else's ticket, so existence is not revealed. */
export class TicketNotFound extends NotFound {
  constructor() {
    super('Ticket');
  }
}

export class TicketClosed extends Conflict {
  constructor() {
    super('Ticket is closed');
  }
}

export class TransitionNotAllowed extends Conflict {
  constructor(from: string, to: string) {
    super(`Cannot change status from ${from} to ${to}`);
  }
}

export class InvalidAssignee extends Unprocessable {
  constructor() {
    super('Assignee must be an active CSR');
  }
}

export class InvalidCursor extends ValidationFailed {
  constructor(message = 'cursor is malformed or was issued for another sort') {
    super([{ field: 'cursor', message }]);
  }
}
