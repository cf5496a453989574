import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsJWT, IsString, MaxLength, ValidateIf } from 'class-validator';
import {
  IDENTITY_TOKEN_ALGORITHM,
  IDENTITY_TOKEN_MAX_LENGTH,
  IDENTITY_TOKEN_MAX_LIFETIME_SECONDS,
} from '@/widget/widget-limits';

export class WidgetSessionDto {
  @ApiPropertyOptional({
    maxLength: IDENTITY_TOKEN_MAX_LENGTH,
    description:
      `A JWT the host site's backend signed (${IDENTITY_TOKEN_ALGORITHM}, WIDGET_IDENTITY_SECRET) ` +
      `with {sub: its id of the visitor (≤ 128 characters), email?, name?, iat, exp}, ` +
      `exp − iat ≤ ${IDENTITY_TOKEN_MAX_LIFETIME_SECONDS / 60} minutes. ` +
      'Absent: an anonymous guest (when WIDGET_ANONYMOUS is on).',
    example:
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJjdXN0LTQyIiwiaWF0IjoxNzk2NDAwMDAwLCJleHAiOjE3OTY0MDAzMDB9.c2lnbmF0dXJl',
  })
  // Absent means a guest; null is not a way to say so.
  @ValidateIf((_, value) => value !== undefined)
  @IsString()
  @MaxLength(IDENTITY_TOKEN_MAX_LENGTH)
  @IsJWT({ message: 'identity_token must be a JWT' })
  identity_token?: string;
}

export class WidgetStatusResponse {
  @ApiProperty({
    description: 'Whether at least one active CSR is online right now (on any instance)',
    example: true,
  })
  agents_online!: boolean;
}
