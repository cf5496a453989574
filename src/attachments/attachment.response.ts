import { ApiProperty } from '@nestjs/swagger';
import type { Attachment } from '@/attachments/attachment.entity';

/** The wire shape of an attachment, on its own and inside a message. */
export class AttachmentResponse {
  @ApiProperty({ format: 'uuid', example: '5a7c9e1b-3d5f-4a6b-8c9d-0e1f2a3b4c5d' })
  id!: string;

  @ApiProperty({ format: 'uuid', example: '3f1c2a9e-8a61-4a36-9d0e-1c5b3f4a2b7d' })
  ticket_id!: string;

  @ApiProperty({
    maxLength: 255,
    description: 'Sanitized: no path, no control characters, at most 255 UTF-8 bytes',
    example: 'error-light.png',
  })
  filename!: string;

  @ApiProperty({ description: 'Detected from the bytes', example: 'image/png' })
  content_type!: string;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Bytes', example: 48213 })
  size!: number;

  @ApiProperty({
    pattern: '^[0-9a-f]{64}$',
    description: 'SHA-256 of the bytes, hex; also the download’s ETag',
    example: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  })
  sha256!: string;

  @ApiProperty({ format: 'uuid', example: '6b0f3d1e-2c4a-4b8e-9f1a-3d5c7e9b1a2c' })
  uploaded_by!: string;

  @ApiProperty({ format: 'date-time', example: '2026-11-26T09:31:00.000Z' })
  created_at!: string;
}

export function toAttachmentResponse(attachment: Attachment): AttachmentResponse {
  return {
    id: attachment.id,
    ticket_id: attachment.ticketId,
    filename: attachment.filename,
    content_type: attachment.contentType,
    size: attachment.size,
    sha256: attachment.sha256,
    uploaded_by: attachment.uploadedBy,
    created_at: attachment.createdAt.toISOString(),
  };
}
