import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  Validate,
  ValidateIf,
  ValidatorConstraint,
  ValidatorConstraintInterface,
  ValidationArguments,
} from 'class-validator';
import { trim } from '@/common/transforms';
import {
  DELIVERY_STATUSES,
  type DeliveryStatus,
  WEBHOOK_CURSOR_MAX,
  WEBHOOK_DESCRIPTION_MAX,
  WEBHOOK_EVENT_TYPES,
  WEBHOOK_PAGE_DEFAULT,
  WEBHOOK_PAGE_MAX,
  WEBHOOK_URL_MAX,
  WEBHOOK_WILDCARD,
} from '@/webhooks/webhook-limits';

const SUBSCRIBABLE = [...WEBHOOK_EVENT_TYPES, WEBHOOK_WILDCARD];
const EVENTS_DOCS = {
  enum: SUBSCRIBABLE,
  enumName: 'WebhookEventType',
  isArray: true,
  minItems: 1,
  maxItems: SUBSCRIBABLE.length,
  description:
    '`*` is every event but note.created, which staff notes go out under only when named',
  example: ['ticket.created', 'message.created'],
};
const URL_DOCS = {
  maxLength: WEBHOOK_URL_MAX,
  description: 'https:// (http:// only when WEBHOOK_ALLOW_HTTP=true)',
  example: 'https://crm.example.com/hooks/support',
};
const DESCRIPTION_DOCS = {
  type: String,
  nullable: true,
  maxLength: WEBHOOK_DESCRIPTION_MAX,
  example: 'CRM sync',
};
const EVENTS_MESSAGE = `events must be one or more of ${SUBSCRIBABLE.join(', ')}`;

function Events(): PropertyDecorator {
  return (target, key) => {
    IsIn(SUBSCRIBABLE, { each: true, message: EVENTS_MESSAGE })(target, key);
    ArrayMaxSize(SUBSCRIBABLE.length, { message: EVENTS_MESSAGE })(target, key);
    ArrayMinSize(1, { message: EVENTS_MESSAGE })(target, key);
    IsArray({ message: EVENTS_MESSAGE })(target, key);
    // Listed twice is listed once.
    Transform(({ value }: { value: unknown }) =>
      Array.isArray(value) ? [...new Set(value)] : value,
    )(target, key);
  };
}

export class CreateWebhookDto {
  @ApiProperty(URL_DOCS)
  @IsString()
  @MinLength(1)
  @MaxLength(WEBHOOK_URL_MAX)
  @Transform(trim)
  url!: string;

  @ApiProperty(EVENTS_DOCS)
  @Events()
  events!: string[];

  @ApiPropertyOptional(DESCRIPTION_DOCS)
  @IsOptional()
  @IsString()
  @MaxLength(WEBHOOK_DESCRIPTION_MAX)
  @Transform(trim)
  description?: string | null;
}

@ValidatorConstraint({ name: 'anyWebhookField' })
class AnyWebhookField implements ValidatorConstraintInterface {
  validate(_value: unknown, args: ValidationArguments): boolean {
    const body = args.object as UpdateWebhookDto;
    return (
      body.url !== undefined ||
      body.events !== undefined ||
      body.description !== undefined ||
      body.enabled !== undefined
    );
  }

  defaultMessage(): string {
    return 'at least one of url, events, description or enabled is required';
  }
}

export class UpdateWebhookDto {
  @ApiPropertyOptional(URL_DOCS)
  // Checked also when every field is missing, so that an empty body is refused.
  @ValidateIf(
    (body: UpdateWebhookDto) =>
      body.url !== undefined ||
      (body.events === undefined && body.description === undefined && body.enabled === undefined),
  )
  @Validate(AnyWebhookField)
  @IsString()
  @MinLength(1)
  @MaxLength(WEBHOOK_URL_MAX)
  @Transform(trim)
  url?: string;

  @ApiPropertyOptional(EVENTS_DOCS)
  @ValidateIf((body: UpdateWebhookDto) => body.events !== undefined)
  @Events()
  events?: string[];

  @ApiPropertyOptional({ ...DESCRIPTION_DOCS, description: 'null clears it' })
  @IsOptional()
  @IsString()
  @MaxLength(WEBHOOK_DESCRIPTION_MAX)
  @Transform(trim)
  description?: string | null;

  @ApiPropertyOptional({ description: 'Turning an endpoint back on forgives its failures' })
  @ValidateIf((body: UpdateWebhookDto) => body.enabled !== undefined)
  @IsBoolean()
  enabled?: boolean;
}

export class ListWebhooksQuery {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: WEBHOOK_PAGE_MAX,
    default: WEBHOOK_PAGE_DEFAULT,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be an integer' })
  @Min(1)
  @Max(WEBHOOK_PAGE_MAX)
  limit: number = WEBHOOK_PAGE_DEFAULT;

  @ApiPropertyOptional({
    maxLength: WEBHOOK_CURSOR_MAX,
    description: 'next_cursor of the previous page',
  })
  @IsOptional()
  @IsString()
  @MaxLength(WEBHOOK_CURSOR_MAX)
  cursor?: string;
}

export class ListDeliveriesQuery extends ListWebhooksQuery {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES, enumName: 'WebhookDeliveryStatus' })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES, { message: `status must be one of ${DELIVERY_STATUSES.join(', ')}` })
  status?: DeliveryStatus;
}
