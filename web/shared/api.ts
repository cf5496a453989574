// The generated REST client (clients/typescript) bound to a Session: every request carries a live
// access token, and one refused with 401 is retried once after a refresh.
import { type Attachment, createApiClient, type Problem } from '@clients/typescript';
import type { Session } from '@web/shared/session';

export type Api = ReturnType<typeof createApiClient>;

export function createSessionApi(origin: string, session: Session): Api {
  const api = createApiClient(origin);
  const retries = new Map<string, Request>();
  api.use({
    async onRequest({ request, id }) {
      const token = await session.accessToken();
      if (token !== undefined) request.headers.set('Authorization', `Bearer ${token}`);
      retries.set(id, request.clone());
      return request;
    },
    async onResponse({ response, id }) {
      const original = retries.get(id);
      retries.delete(id);
      if (response.status !== 401 || original === undefined) return response;
      const rejected = original.headers.get('Authorization')?.replace(/^Bearer /, '');
      if (!(await session.refresh(rejected))) return response;
      const token = await session.accessToken();
      if (token === undefined) return response;
      original.headers.set('Authorization', `Bearer ${token}`);
      return fetch(original);
    },
    onError({ id }) {
      retries.delete(id);
    },
  });
  return api;
}

/** The `detail` of a problem document, or a generic line for anything else. */
export function problemText(error: unknown, fallback = 'Something went wrong'): string {
  if (typeof error === 'object' && error !== null && 'detail' in error) {
    const detail = (error as Partial<Problem>).detail;
    if (typeof detail === 'string' && detail.length > 0) return detail;
  }
  return fallback;
}

/**
 * Uploads one file to a ticket (multipart, part `file`). Not through the typed client: its body
 * type says `string` for the binary part, and the browser must write the multipart boundary.
 */
export async function uploadAttachment(
  origin: string,
  session: Session,
  ticketId: string,
  file: File,
): Promise<Attachment> {
  const body = new FormData();
  body.append('file', file, file.name);
  const send = async () => {
    const token = await session.accessToken();
    return fetch(`${origin}/api/v1/tickets/${encodeURIComponent(ticketId)}/attachments`, {
      method: 'POST',
      headers: token === undefined ? {} : { Authorization: `Bearer ${token}` },
      body,
    });
  };
  let response = await send();
  if (response.status === 401 && (await session.refresh())) response = await send();
  const json = (await response.json()) as unknown;
  if (!response.ok) throw new Error(problemText(json, `Upload failed (${response.status})`));
  return json as Attachment;
}
