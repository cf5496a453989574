import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  Validate,
  ValidateIf,
  ValidatorConstraint,
  ValidatorConstraintInterface,
  ValidationArguments,
} from 'class-validator';
import { toBoolean } from '@/common/transforms';
import { UUID_PATTERN } from '@/common/uuid';
import { ListTicketsQuery, TagList, toTags } from '@/tickets/dto/tickets.dto';
import { TICKET_TAGS_MAX } from '@/tickets/ticket-limits';
import { SLA_FILTERS, type SlaFilter } from '@/tickets/ticket-sla';
import { TICKET_TAG_INPUT_SOURCE } from '@/tickets/ticket-tags';
import {
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  TicketPriority,
  TicketStatus,
} from '@/tickets/ticket.entity';

const lowerCase = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.toLowerCase() : value;

const STATUS_MESSAGE = `status must be one of: ${TICKET_STATUSES.join(', ')}`;
const PRIORITY_MESSAGE = `priority must be one of: ${TICKET_PRIORITIES.join(', ')}`;

/** The queue's filters on top of those every ticket list has. */
export class ListQueueQuery extends ListTicketsQuery {
  @ApiPropertyOptional({
    type: Boolean,
    description: 'true: only unassigned; false: only assigned',
  })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'unassigned must be true or false' })
  unassigned?: boolean;

  @ApiPropertyOptional({ description: 'A CSR’s id, or `me`', example: 'me' })
  @IsOptional()
  @Transform(lowerCase)
  @IsString()
  @Matches(new RegExp(`^(me|${UUID_PATTERN.source.slice(1, -1)})$`), {
    message: 'assignee_id must be a UUID or "me"',
  })
  assignee_id?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The ticket owner' })
  @IsOptional()
  @IsString()
  @Matches(UUID_PATTERN, { message: 'user_id must be a UUID' })
  user_id?: string;

  @ApiPropertyOptional({
    enum: SLA_FILTERS,
    description:
      'at_risk: an SLA clock warned and is neither met nor breached; breached: a clock’s current run passed its target',
  })
  @IsOptional()
  @IsIn(SLA_FILTERS, { message: `sla must be one of: ${SLA_FILTERS.join(', ')}` })
  sla?: SlaFilter;
}

export class AssignTicketDto {
  @ApiProperty({
    format: 'uuid',
    description: 'An active CSR',
    example: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
  })
  // Lower-cased so that comparing it with the current assignee's id is exact.
  @Transform(lowerCase)
  @IsString()
  @Matches(UUID_PATTERN, { message: 'assignee_id must be a UUID' })
  assignee_id!: string;

  @ApiPropertyOptional({ enum: TICKET_PRIORITIES, enumName: 'TicketPriority', example: 'high' })
  @ApiPropertyOptional({ enum: TICKET_PRIORITIES, enumName: 'TicketPriority', example: 'high' })
  // Not IsOptional: that would let null through, and a priority cannot be unset.
  @ValidateIf((body: { priority?: unknown }) => body.priority !== undefined)
  @IsIn(TICKET_PRIORITIES, { message: PRIORITY_MESSAGE })
  priority?: TicketPriority;
}

@ValidatorConstraint({ name: 'statusOrPriority' })
class StatusOrPriority implements ValidatorConstraintInterface {
  validate(_value: unknown, args: ValidationArguments): boolean {
    const body = args.object as UpdateTicketDto;
    return body.status !== undefined || body.priority !== undefined;
  }

  defaultMessage(): string {
    return 'at least one of status or priority is required';
  }
}

export class UpdateTicketDto {
  @ApiPropertyOptional({
    enum: TICKET_STATUSES,
    enumName: 'TicketStatus',
    description: 'At least one of status and priority',
    example: 'in_progress',
  })
  // Checked also when both fields are missing, so that an empty body is refused.
  @ValidateIf((body: UpdateTicketDto) => body.status !== undefined || body.priority === undefined)
  @Validate(StatusOrPriority)
  @IsIn(TICKET_STATUSES, { message: STATUS_MESSAGE })
  status?: TicketStatus;

  @ApiPropertyOptional({ enum: TICKET_PRIORITIES, enumName: 'TicketPriority', example: 'high' })
  // Not IsOptional: that would let null through, and a priority cannot be unset.
  @ValidateIf((body: { priority?: unknown }) => body.priority !== undefined)
  @IsIn(TICKET_PRIORITIES, { message: PRIORITY_MESSAGE })
  priority?: TicketPriority;
}

export class SetTagsDto {
  @ApiProperty({
    type: 'array',
    items: { type: 'string', pattern: TICKET_TAG_INPUT_SOURCE },
    maxItems: TICKET_TAGS_MAX,
    description:
      'The ticket’s whole set of tags (replaces the old one); lower-cased, duplicates collapse. [] removes all',
    example: ['billing', 'VIP'],
  })
  @Transform(toTags)
  @IsArray({ message: 'tags must be an array' })
  @ArrayMaxSize(TICKET_TAGS_MAX, { message: `tags takes at most ${TICKET_TAGS_MAX} tags` })
  @Validate(TagList)
  tags!: string[];
}
