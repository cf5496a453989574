// The notes rules' refusals; ProblemDetailsFilter maps their kinds to statuses (422 here).
import { Unprocessable } from '@/common/errors/domain-errors';

export class InvalidMention extends Unprocessable {
  constructor() {
    super('Mentions must be active staff (CSR or admin)');
  }
}
