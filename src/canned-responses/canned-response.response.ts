import { ApiProperty } from '@nestjs/swagger';
import type { CannedResponse } from '@/canned-responses/canned-response.entity';

export class CannedResponseResponse {
  @ApiProperty({ format: 'uuid', example: '5d2c1b0a-9e8f-4a7b-8c6d-5e4f3a2b1c0d' })
  id!: string;

  @ApiProperty({ description: 'As written; unique in any letter case', example: 'refund_policy' })
  short_code!: string;

  @ApiProperty({ example: 'Refund policy' })
  title!: string;

  @ApiProperty({
    description: 'The template, placeholders unfilled',
    example: 'Hi {{user.full_name}}, refunds take 5 days. {{agent.full_name}}',
  })
  content!: string;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'Null once the author’s account is gone',
    example: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
  })
  created_by!: string | null;

  @ApiProperty({ format: 'date-time', example: '2026-11-26T09:30:00.000Z' })
  created_at!: string;

  @ApiProperty({ format: 'date-time', example: '2026-11-26T09:30:00.000Z' })
  updated_at!: string;
}

export class CannedResponsePageResponse {
  @ApiProperty({ type: [CannedResponseResponse] })
  items!: CannedResponseResponse[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Opaque; pass as `cursor` for the next page. Null on the last page',
    example: 'cmVmdW5kX3BvbGljeQ',
  })
  next_cursor!: string | null;
}

export class RenderedCannedResponse {
  @ApiProperty({
    description: 'Plain text, placeholders filled in; unknown placeholders as written',
    example: 'Hi Ada Lovelace, refunds take 5 days. Grace Hopper',
  })
  content!: string;
}

export function toCannedResponseResponse(item: CannedResponse): CannedResponseResponse {
  return {
    id: item.id,
    short_code: item.shortCode,
    title: item.title,
    content: item.content,
    created_by: item.createdBy,
    created_at: item.createdAt.toISOString(),
    updated_at: item.updatedAt.toISOString(),
  };
}
