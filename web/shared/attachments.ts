// Attachments are downloaded with the Bearer token (GET /attachments/{id} takes no cookie), so
// the browser shows them from object URLs: one fetch per attachment, kept for the page's life.
import type { Attachment } from '@clients/typescript';
import type { Session } from '@web/shared/session';

const urls = new Map<string, Promise<string>>();

export const isImage = (attachment: Attachment) =>
  ['image/png', 'image/jpeg', 'image/gif', 'image/webp'].includes(attachment.content_type);

export function attachmentUrl(origin: string, session: Session, id: string): Promise<string> {
  let url = urls.get(id);
  if (url === undefined) {
    url = (async () => {
      const token = await session.accessToken();
      const response = await fetch(`${origin}/api/v1/attachments/${encodeURIComponent(id)}`, {
        headers: token === undefined ? {} : { Authorization: `Bearer ${token}` },
      });
      if (!response.ok) throw new Error(`Download failed (${response.status})`);
      return URL.createObjectURL(await response.blob());
    })();
    url.catch(() => urls.delete(id));
    urls.set(id, url);
  }
  return url;
}
