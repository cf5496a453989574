// The attachment rules' refusals; ProblemDetailsFilter maps their kinds to 404, 409, 413, 415, 422.
import {
  BadRequest,
  Conflict,
  NotFound,
  PayloadTooLarge,
  Unprocessable,
  UnsupportedMediaType,
} from '@/common/errors/domain-errors';

/** Also what anyone gets for an attachment of a ticket they may not see. */
export class AttachmentNotFound extends NotFound {
  constructor() {
    super('Attachment');
  }
}

export class AttachmentTooLarge extends PayloadTooLarge {
  constructor(max: number) {
    super(`The file is larger than ${max} bytes`);
  }
}

export class AttachmentTypeRefused extends UnsupportedMediaType {
  constructor(allowed: readonly string[]) {
    super(`The file's content is not one of the accepted types (${allowed.join(', ')})`);
  }
}

export class NotMultipart extends UnsupportedMediaType {
  constructor() {
    super('Send multipart/form-data with one part named file');
  }
}

export class MalformedUpload extends BadRequest {}

/** The ticket's state refuses it, like a closed ticket: 409. */
export class AttachmentLimitReached extends Conflict {
  constructor(limit: number) {
    super(`The ticket already has its limit of ${limit} attachments`);
  }
}

export class AttachmentsNotAttachable extends Unprocessable {
  constructor() {
    super(
      'Every attachment_id must be an attachment you uploaded to this ticket that no message carries yet',
    );
  }
}
