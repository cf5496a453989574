// The S3 store: one object per blob, keyed by sha256, uploaded from the finished temp file with
// its known length (a single PUT is atomic: no reader sees half an object).
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { AttachmentStore, ByteRange } from '@/attachments/storage/attachment-store';
import type { S3Config } from '@/config/config';

export class S3AttachmentStore implements AttachmentStore {
  private readonly client: S3Client;

  constructor(private readonly config: S3Config) {
    this.client = new S3Client({
      region: config.region,
      endpoint: config.endpoint,
      forcePathStyle: config.forcePathStyle,
      credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
      // Checksums only where an operation requires one: S3-compatible servers that predate the
      // SDK's default CRC32 trailers (MinIO of old, s3rver) refuse or mangle them.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  private key(sha256: string): string {
    return `attachments/${sha256}`;
  }

  async put(tempPath: string, sha256: string, size: number): Promise<void> {
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.config.bucket,
          Key: this.key(sha256),
          Body: createReadStream(tempPath),
          ContentLength: size,
          ContentType: 'application/octet-stream',
        }),
      );
    } finally {
      await rm(tempPath, { force: true });
    }
  }

  async read(sha256: string, range?: ByteRange): Promise<Readable> {
    const answer = await this.client.send(
      new GetObjectCommand({
        Bucket: this.config.bucket,
        Key: this.key(sha256),
        Range: range === undefined ? undefined : `bytes=${range.start}-${range.end}`,
      }),
    );
    if (!(answer.Body instanceof Readable)) throw new Error('S3 answered without a body stream');
    return answer.Body;
  }

  destroy(): void {
    this.client.destroy();
  }
}
