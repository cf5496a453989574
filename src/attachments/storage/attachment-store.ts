// Where attachment bytes live, by sha256. Uploads are first written to a temp file on local disk
// (hashed and checked on the way); a store then takes the finished file as the blob.
import type { Readable } from 'node:stream';

export const ATTACHMENT_STORE = Symbol('ATTACHMENT_STORE');

/** Inclusive byte offsets, as in Content-Range. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface AttachmentStore {
  /** Releases what the store holds (connections), at shutdown. */
  destroy?(): void;
  /**
   * Makes the complete temp file the blob of `sha256`, atomically: a reader sees the whole blob
   * or none. The same bytes may be put again (content-addressed). The temp file is consumed.
   */
  put(tempPath: string, sha256: string, size: number): Promise<void>;
  /** The blob's bytes, or the range of them. */
  read(sha256: string, range?: ByteRange): Promise<Readable>;
}
