// Who the visitor is: an identity the host site's backend signed (passed on by widget.js), or a
// guest when the API allows anonymous visitors. Both end in a token pair kept in the frame's own
// storage (partitioned by the host site), so a reload finds the same session.
import { createApiClient } from '@clients/typescript';
import { problemText } from '@web/shared/api';
import type { Session } from '@web/shared/session';

export type IdentityResult = { ok: true } | { ok: false; status: number; detail: string };

/** The `sub` of an identity token, read (not verified: the API verifies it) to spot a new visitor. */
export function subjectOf(token: string): string | undefined {
  const payload = token.split('.')[1];
  if (payload === undefined) return undefined;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const sub = (JSON.parse(json) as { sub?: unknown }).sub;
    return typeof sub === 'string' ? sub : undefined;
  } catch {
    return undefined;
  }
}

/** The origins WIDGET_ORIGINS allows to pass an identity (the API writes them into the page). */
export function allowedOrigins(doc: Document = document): string[] {
  const content = doc.querySelector('meta[name="widget-origins"]')?.getAttribute('content') ?? '';
  return content
    .split(/[\s,]+/)
    .map((origin) => origin.trim())
    .filter((origin) => origin.length > 0);
}

export class WidgetIdentity {
  /** Without the session's middleware: the Bearer token here is the guest's, sent on purpose. */
  private readonly api;

  constructor(
    origin: string,
    private readonly session: Session,
  ) {
    this.api = createApiClient(origin);
  }

  get isGuest(): boolean {
    return this.session.current?.meta.kind === 'guest';
  }

  /** Signs in as the identified visitor; a guest session is merged into it by the API. */
  async identify(identityToken: string): Promise<IdentityResult> {
    const sub = subjectOf(identityToken);
    if (sub === undefined) return { ok: false, status: 0, detail: 'Not an identity token' };
    const current = this.session.current;
    if (current?.meta.kind === 'identified' && current.meta.sub === sub) return { ok: true };
    // Only a guest is merged; someone else's identified session is simply replaced.
    if (current?.meta.kind !== 'guest') {
      return this.open({ identity_token: identityToken }, { kind: 'identified', sub });
    }
    const body = { identity_token: identityToken };
    const meta = { kind: 'identified', sub };
    const result = await this.open(body, meta, await this.session.accessToken());
    // The guest's token did not verify (expired on the way): refresh and try once more, rather
    // than open the identified session without the guest's conversations.
    if (result.ok || result.status !== 401 || !(await this.session.refresh())) return result;
    return this.open(body, meta, await this.session.accessToken());
  }

  /** A guest session (WIDGET_ANONYMOUS=true), unless one is kept already. */
  async anonymous(): Promise<IdentityResult> {
    if (this.session.current !== undefined) return { ok: true };
    return this.open({}, { kind: 'guest' });
  }

  private async open(
    body: { identity_token?: string },
    meta: Record<string, string>,
    bearer?: string,
  ): Promise<IdentityResult> {
    let answer;
    try {
      answer = await this.api.POST('/api/v1/widget/session', {
        body,
        headers: bearer === undefined ? {} : { Authorization: `Bearer ${bearer}` },
      });
    } catch {
      return { ok: false, status: 0, detail: 'No connection' };
    }
    const { data, error, response } = answer;
    if (data === undefined) {
      const detail = problemText(error, `Refused (${response.status})`);
      return { ok: false, status: response.status, detail };
    }
    this.session.store(data, meta);
    return { ok: true };
  }
}
