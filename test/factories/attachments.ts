// Uploads and downloads attachments through the real routes, with real multipart bodies.
import request from 'supertest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { bearer, TestUser } from './users';
import type { TestApp } from '../support/test-app';

export interface AttachmentBody {
  id: string;
  ticket_id: string;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  uploaded_by: string;
  created_at: string;
}

export const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('IHDR fake image data for tests'),
]);
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');

export interface FilePart {
  bytes: Buffer;
  filename?: string;
  contentType?: string;
  field?: string;
}

/** A multipart/form-data body built by hand, so every header byte is the test's own. */
export function multipartBody(part: FilePart, boundary = 'test-boundary-7f3a'): Buffer {
  const disposition =
    part.filename === undefined
      ? `form-data; name="${part.field ?? 'file'}"`
      : `form-data; name="${part.field ?? 'file'}"; filename="${part.filename}"`;
  return Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: ${disposition}\r\n` +
        `Content-Type: ${part.contentType ?? 'application/octet-stream'}\r\n\r\n`,
      'utf8',
    ),
    part.bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
}

export const MULTIPART = 'multipart/form-data; boundary=test-boundary-7f3a';

export async function upload(
  t: Pick<TestApp, 'url'>,
  user: TestUser,
  ticketId: string,
  part: FilePart,
  status = 201,
): Promise<request.Response> {
  return request(t.url)
    .post(`/api/v1/tickets/${ticketId}/attachments`)
    .set(bearer(user.accessToken))
    .set('content-type', MULTIPART)
    .send(multipartBody(part))
    .expect(status);
}

export async function uploaded(
  t: Pick<TestApp, 'url'>,
  user: TestUser,
  ticketId: string,
  part: FilePart = { bytes: PNG, filename: 'shot.png', contentType: 'image/png' },
): Promise<AttachmentBody> {
  return (await upload(t, user, ticketId, part)).body as AttachmentBody;
}

/** GET /attachments/{id} with the body as a Buffer. */
export function download(
  t: Pick<TestApp, 'url'>,
  user: TestUser,
  id: string,
  headers: Record<string, string> = {},
): request.Test {
  return request(t.url)
    .get(`/api/v1/attachments/${id}`)
    .set(bearer(user.accessToken))
    .set(headers)
    .buffer(true)
    .parse((response, done) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => done(null, Buffer.concat(chunks)));
    });
}

/** Every file below `root` (relative paths), [] if it does not exist. */
export function filesUnder(root: string): string[] {
  try {
    return readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name).slice(root.length + 1))
      .sort();
  } catch {
    return [];
  }
}
