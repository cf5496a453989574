// Streams one uploaded file to a temp file, never holding it in memory: on the way the bytes are
// counted against the limit, hashed (sha256) and typed from their first bytes (text is checked
// to its end). Any refusal, error or cut connection removes the temp file.
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  AttachmentTooLarge,
  AttachmentTypeRefused,
  MalformedUpload,
} from '@/attachments/attachment.errors';
import { SNIFF_BYTES, sniffHead, TextCheck, textType } from '@/attachments/content-sniff';
import { DomainError } from '@/common/errors/domain-errors';
import type { SniffableType } from '@/config/config';

export interface IncomingFile {
  stream: Readable;
  /** Already sanitized. */
  filename: string;
  declaredType: string | undefined;
}

export interface ReceivedFile {
  tempPath: string;
  sha256: string;
  size: number;
  contentType: SniffableType;
}

export interface ReceiveLimits {
  maxBytes: number;
  types: readonly SniffableType[];
}

/** Counts, hashes and types the bytes passing through; fails the pipeline on a refusal. */
class Inspector extends Transform {
  readonly hash = createHash('sha256');
  size = 0;
  type: SniffableType | undefined;
  private head: Buffer[] = [];
  private headBytes = 0;
  private text: TextCheck | undefined;

  constructor(
    private readonly file: IncomingFile,
    private readonly limits: ReceiveLimits,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.limits.maxBytes) return done(new AttachmentTooLarge(this.limits.maxBytes));
    this.hash.update(chunk);
    if (this.head !== undefined && this.type === undefined && this.text === undefined) {
      // Still gathering the head: hold it back until it is long enough to decide.
      this.head.push(chunk);
      this.headBytes += chunk.length;
      if (this.headBytes < SNIFF_BYTES) return done();
      return this.decide(done);
    }
    if (this.text !== undefined && !this.text.push(chunk)) return done(this.refused());
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    if (this.type === undefined && this.text === undefined) {
      return this.decide((error, data) => {
        if (error) return done(error);
        if (data !== undefined) this.push(data);
        this.finishText(done);
      });
    }
    this.finishText(done);
  }

  private finishText(done: TransformCallback): void {
    if (this.text !== undefined && !this.text.end()) return done(this.refused());
    done();
  }

  private decide(done: TransformCallback): void {
    const head = Buffer.concat(this.head);
    this.head = [];
    const verdict = sniffHead(head.subarray(0, SNIFF_BYTES));
    if (verdict.kind === 'unknown') return done(this.refused());
    if (verdict.kind === 'binary') {
      this.type = verdict.type;
    } else {
      this.text = new TextCheck();
      if (!this.text.push(head)) return done(this.refused());
    }
    if (verdict.kind === 'text') this.type = textType(this.file.filename, this.file.declaredType);
    if (!this.limits.types.includes(this.type as SniffableType)) return done(this.refused());
    done(null, head);
  }

  private refused(): AttachmentTypeRefused {
    return new AttachmentTypeRefused(this.limits.types);
  }
}

export async function receiveUpload(
  file: IncomingFile,
  tempDir: string,
  limits: ReceiveLimits,
): Promise<ReceivedFile> {
  await mkdir(tempDir, { recursive: true });
  const tempPath = join(tempDir, `${randomUUID()}.part`);
  const inspector = new Inspector(file, limits);
  let sourceError: unknown;
  file.stream.once('error', (error) => (sourceError ??= error));
  const sink = createWriteStream(tempPath, { flags: 'wx', flush: true, highWaterMark: 256 * 1024 });
  try {
    await pipeline(file.stream, inspector, sink);
    if (inspector.type === undefined) throw new AttachmentTypeRefused(limits.types);
    // A part busboy cut at its own limit ends early without an error.
    if ((file.stream as { truncated?: boolean }).truncated === true) {
      throw new AttachmentTooLarge(limits.maxBytes);
    }
    return {
      tempPath,
      sha256: inspector.hash.digest('hex'),
      size: inspector.size,
      contentType: inspector.type,
    };
  } catch (error) {
    // A refusal can come while the temp file is still being opened: wait until the destroyed
    // stream has closed it, or the file would appear after the rm below.
    if (!sink.closed) await new Promise<void>((resolve) => sink.once('close', () => resolve()));
    await rm(tempPath, { force: true });
    if (error instanceof DomainError) throw error;
    // The request's body failed (cut, malformed): the client's fault, not ours.
    // (It may have failed before this function listened: then only `errored` tells.)
    sourceError ??= file.stream.errored ?? undefined;
    if (sourceError !== undefined && !(sourceError instanceof DomainError)) {
      throw new MalformedUpload('The multipart body is malformed or was cut short');
    }
    throw error;
  }
}
