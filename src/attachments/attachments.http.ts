// The HTTP edge of attachments: taking the one file part out of a multipart request, and
// answering a download with the headers, conditional and Range rules the contract names.
import type { FastifyReply, FastifyRequest } from 'fastify';
import rangeParser from 'range-parser';
import type { Readable } from 'node:stream';
import type { Attachment } from '@/attachments/attachment.entity';
import { MalformedUpload, NotMultipart } from '@/attachments/attachment.errors';
import { contentDisposition, sanitizeFilename } from '@/attachments/filename';
import type { ByteRange } from '@/attachments/storage/attachment-store';
import type { IncomingFile } from '@/attachments/upload-receiver';
import { problem } from '@/common/filters/problem-details.filter';

export const FILE_FIELD = 'file';
/** The routes that take multipart/form-data; anywhere else it is a 415 like any non-JSON body. */
export const MULTIPART_ROUTES: ReadonlySet<string> = new Set(['/api/v1/tickets/:id/attachments']);

/** The request's `file` part, as a stream; the limits themselves are set at registration. */
export async function openMultipartFile(request: FastifyRequest): Promise<IncomingFile> {
  if (!request.isMultipart()) throw new NotMultipart();
  let part;
  try {
    part = await request.file();
  } catch (error) {
    // busboy's own complaints (no boundary, bad headers) are plain errors: the client's fault.
    const status = (error as { statusCode?: number }).statusCode;
    if (typeof status === 'number' && status < 500) throw error;
    throw new MalformedUpload('The multipart body is malformed');
  }
  if (part === undefined) throw new MalformedUpload(`A file part named ${FILE_FIELD} is required`);
  if (part.fieldname !== FILE_FIELD) {
    part.file.resume();
    throw new MalformedUpload(`The file part must be named ${FILE_FIELD}`);
  }
  return {
    stream: part.file,
    filename: sanitizeFilename(part.filename),
    declaredType: part.mimetype,
  };
}

const quoted = (sha256: string) => `"${sha256}"`;

/** Whether an If-None-Match list names this ETag (weakly, as RFC 9110 says for GET). */
function matches(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === '*' || tag === etag);
}

export async function sendAttachment(
  request: FastifyRequest,
  reply: FastifyReply,
  attachment: Attachment,
  open: (range?: ByteRange) => Promise<Readable>,
): Promise<void> {
  const etag = quoted(attachment.sha256);
  void reply
    .header('etag', etag)
    .header('accept-ranges', 'bytes')
    .header('cache-control', 'private, no-cache')
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', 'sandbox');
  if (matches(request.headers['if-none-match'], etag)) {
    await reply.status(304).send();
    return;
  }
  const size = attachment.size;
  let range: ByteRange | undefined;
  const header = request.headers.range;
  const ifRange = request.headers['if-range'];
  // A Range under an If-Range for another version is ignored: the whole file is sent.
  if (header !== undefined && (ifRange === undefined || ifRange === etag)) {
    const parsed = rangeParser(size, header, { combine: true });
    if (parsed === -1) {
      await reply
        .status(416)
        .header('content-range', `bytes */${size}`)
        .type('application/problem+json')
        .send(problem(416, 'The range is outside the file', request.url.split('?')[0] ?? '/'));
      return;
    }
    // -2 (malformed) is ignored, as RFC 9110 allows; several ranges are answered whole.
    if (parsed !== -2 && parsed.type === 'bytes' && parsed.length === 1) range = parsed[0];
  }
  const stream = await open(range);
  const type = attachment.contentType.startsWith('text/')
    ? `${attachment.contentType}; charset=utf-8`
    : attachment.contentType;
  void reply.type(type).header('content-disposition', contentDisposition(attachment.filename));
  if (range === undefined) {
    await reply.status(200).header('content-length', String(size)).send(stream);
    return;
  }
  await reply
    .status(206)
    .header('content-range', `bytes ${range.start}-${range.end}/${size}`)
    .header('content-length', String(range.end - range.start + 1))
    .send(stream);
}
