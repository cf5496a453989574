import { ApiProperty } from '@nestjs/swagger';
import { AttachmentResponse, toAttachmentResponse } from '@/attachments/attachment.response';
import type { Message } from '@/chat/message.entity';
import type { ReadMarker } from '@/chat/read-marker.entity';
import { ROLES, type Role } from '@/users/user.entity';

/** The wire shape of a chat message, the same over HTTP and Socket.IO. */
export class MessageResponse {
  @ApiProperty({ format: 'uuid', example: '9d2e4f6a-1b3c-4d5e-8f7a-6b5c4d3e2f1a' })
  id!: string;

  @ApiProperty({ format: 'uuid', example: '3f1c2a9e-8a61-4a36-9d0e-1c5b3f4a2b7d' })
  ticket_id!: string;

  @ApiProperty({
    type: 'integer',
    minimum: 1,
    description: '1, 2, 3… per ticket, no gaps',
    example: 42,
  })
  seq!: number;

  @ApiProperty({ format: 'uuid', example: '6b0f3d1e-2c4a-4b8e-9f1a-3d5c7e9b1a2c' })
  sender_id!: string;

  @ApiProperty({ enum: ROLES, enumName: 'Role', example: 'csr' })
  sender_role!: Role;

  @ApiProperty({ example: 'Could you send a photo of the error light?' })
  content!: string;

  @ApiProperty({ type: String, nullable: true, example: 'c0a8012e-7d1f-4a55-8f0e-5a2b9c3d4e6f' })
  client_id!: string | null;

  @ApiProperty({ type: [AttachmentResponse], description: 'Files the message carries; [] if none' })
  attachments!: AttachmentResponse[];

  @ApiProperty({ format: 'date-time', example: '2026-11-26T09:31:00.000Z' })
  created_at!: string;
}

export class MessagePageResponse {
  @ApiProperty({ type: [MessageResponse] })
  items!: MessageResponse[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next page; null on the last',
    example: null,
  })
  next_cursor!: string | null;
}

export class ReadMarkerResponse {
  @ApiProperty({ format: 'uuid', example: '3f1c2a9e-8a61-4a36-9d0e-1c5b3f4a2b7d' })
  ticket_id!: string;

  @ApiProperty({ format: 'uuid', example: '6b0f3d1e-2c4a-4b8e-9f1a-3d5c7e9b1a2c' })
  user_id!: string;

  @ApiProperty({ format: 'uuid', example: '9d2e4f6a-1b3c-4d5e-8f7a-6b5c4d3e2f1a' })
  message_id!: string;

  @ApiProperty({ type: 'integer', example: 42 })
  seq!: number;

  @ApiProperty({ format: 'date-time', example: '2026-11-26T09:32:00.000Z' })
  read_at!: string;
}

export class ReadMarkersResponse {
  @ApiProperty({ type: [ReadMarkerResponse] })
  items!: ReadMarkerResponse[];
}

export function toMessageResponse(message: Message): MessageResponse {
  return {
    id: message.id,
    ticket_id: message.ticketId,
    seq: message.seq,
    sender_id: message.senderId,
    sender_role: message.senderRole,
    content: message.content,
    client_id: message.clientId,
    attachments: (message.attachments ?? []).map(toAttachmentResponse),
    created_at: message.createdAt.toISOString(),
  };
}

export function toReadMarkerResponse(marker: ReadMarker): ReadMarkerResponse {
  return {
    ticket_id: marker.ticketId,
    user_id: marker.userId,
    message_id: marker.messageId,
    seq: marker.seq,
    read_at: marker.updatedAt.toISOString(),
  };
}
