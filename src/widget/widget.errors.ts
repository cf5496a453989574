// The widget's refusals; ProblemDetailsFilter maps their kinds to 401 and 403.
import { Forbidden, Unauthorized } from '@/common/errors/domain-errors';

export class IdentityNotConfigured extends Unauthorized {
  constructor() {
    super('Visitor identity is not configured on this server (WIDGET_IDENTITY_SECRET)');
  }
}

/** A bad signature, a wrong algorithm, an expired or overlong token, or claims out of shape. */
export class InvalidIdentityToken extends Unauthorized {
  constructor(reason = 'Identity token is invalid') {
    super(reason);
  }
}

export class AnonymousSessionsOff extends Unauthorized {
  constructor() {
    super('Anonymous widget sessions are not enabled; send an identity_token');
  }
}

export class VisitorDeactivated extends Unauthorized {
  constructor() {
    super('This visitor has been deactivated');
  }
}

export class OriginNotAllowed extends Forbidden {
  constructor(kind: 'identity' | 'anonymous') {
    super(
      kind === 'identity'
        ? 'This origin may not pass a visitor identity (WIDGET_ORIGINS)'
        : 'This origin may not embed the widget (WIDGET_ORIGINS)',
    );
  }
}
