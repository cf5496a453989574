// The disk store: DATA_DIR/attachments/<first two hex>/<sha256>, made by renaming the fsynced
// temp file into place (and fsyncing the folder), so a crash never leaves half a blob.
import { createReadStream } from 'node:fs';
import { mkdir, open, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import type { AttachmentStore, ByteRange } from '@/attachments/storage/attachment-store';

export class DiskAttachmentStore implements AttachmentStore {
  constructor(private readonly root: string) {}

  pathOf(sha256: string): string {
    return join(this.root, sha256.slice(0, 2), sha256);
  }

  async put(tempPath: string, sha256: string): Promise<void> {
    const target = this.pathOf(sha256);
    await mkdir(dirname(target), { recursive: true });
    await rename(tempPath, target);
    const folder = await open(dirname(target), 'r');
    try {
      await folder.sync();
    } finally {
      await folder.close();
    }
  }

  read(sha256: string, range?: ByteRange): Promise<Readable> {
    const stream = createReadStream(this.pathOf(sha256), { ...range, highWaterMark: 256 * 1024 });
    return new Promise((resolve, reject) => {
      stream.once('open', () => resolve(stream));
      stream.once('error', reject);
    });
  }
}
