import { Transform } from 'class-transformer';
import {
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
import { ListTicketsQuery, toBoolean, UUID_PATTERN } from '@/tickets/dto/tickets.dto';
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
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'unassigned must be true or false' })
  unassigned?: boolean;

  @IsOptional()
  @Transform(lowerCase)
  @IsString()
  @Matches(new RegExp(`^(me|${UUID_PATTERN.source.slice(1, -1)})$`), {
    message: 'assignee_id must be a UUID or "me"',
  })
  assignee_id?: string;

  @IsOptional()
  @IsString()
  @Matches(UUID_PATTERN, { message: 'user_id must be a UUID' })
  user_id?: string;
}

export class AssignTicketDto {
  // Lower-cased so that comparing it with the current assignee's id is exact.
  @Transform(lowerCase)
  @IsString()
  @Matches(UUID_PATTERN, { message: 'assignee_id must be a UUID' })
  assignee_id!: string;

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
  // Checked also when both fields are missing, so that an empty body is refused.
  @ValidateIf((body: UpdateTicketDto) => body.status !== undefined || body.priority === undefined)
  @Validate(StatusOrPriority)
  @IsIn(TICKET_STATUSES, { message: STATUS_MESSAGE })
  status?: TicketStatus;

  // Not IsOptional: that would let null through, and a priority cannot be unset.
  @ValidateIf((body: { priority?: unknown }) => body.priority !== undefined)
  @IsIn(TICKET_PRIORITIES, { message: PRIORITY_MESSAGE })
  priority?: TicketPriority;
}
