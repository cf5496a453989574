import { ApiProperty } from '@nestjs/swagger';
import { WEEKDAYS } from '@/sla/business-calendar';
import { CLOCK_NAMES, type ClockName } from '@/tickets/ticket-sla';
import { TicketResponse } from '@/tickets/ticket.response';
import { TARGET_MINUTES_MAX, type SlaPolicyDocument, type SlaPriority } from '@/sla/sla-policy';

/** The targets of one priority, in business minutes; null: no target for that clock. */
export class ClockTargetsResponse {
  @ApiProperty({
    type: 'integer',
    minimum: 1,
    maximum: TARGET_MINUTES_MAX,
    nullable: true,
    example: 60,
  })
  first_response_minutes!: number | null;

  @ApiProperty({
    type: 'integer',
    minimum: 1,
    maximum: TARGET_MINUTES_MAX,
    nullable: true,
    example: 120,
  })
  next_response_minutes!: number | null;

  @ApiProperty({
    type: 'integer',
    minimum: 1,
    maximum: TARGET_MINUTES_MAX,
    nullable: true,
    example: 1440,
  })
  resolution_minutes!: number | null;
}

export class SlaTargetsResponse implements Record<SlaPriority, ClockTargetsResponse> {
  @ApiProperty({ type: ClockTargetsResponse })
  urgent!: ClockTargetsResponse;

  @ApiProperty({ type: ClockTargetsResponse })
  high!: ClockTargetsResponse;

  @ApiProperty({ type: ClockTargetsResponse })
  medium!: ClockTargetsResponse;

  @ApiProperty({ type: ClockTargetsResponse })
  low!: ClockTargetsResponse;

  @ApiProperty({ type: ClockTargetsResponse, description: 'Tickets without a priority' })
  none!: ClockTargetsResponse;
}

const PERIODS_SCHEMA = {
  type: 'array',
  items: {
    type: 'array',
    items: { type: 'string', pattern: '^([01]\\d|2[0-3]):[0-5]\\d$|^24:00$' },
    minItems: 2,
    maxItems: 2,
  },
} as const;

/** The OpenAPI schema of business_hours, shared by the response and the PUT body. */
export const BUSINESS_HOURS_SCHEMA = {
  type: 'object',
  nullable: true,
  properties: Object.fromEntries(WEEKDAYS.map((day) => [day, PERIODS_SCHEMA])),
} as const;

export class SlaPolicyResponse {
  @ApiProperty({ description: 'Off: new tickets get no clocks', example: true })
  enabled!: boolean;

  @ApiProperty({
    description: 'IANA time zone of the business hours and holidays',
    example: 'Europe/Berlin',
  })
  timezone!: string;

  @ApiProperty({
    ...BUSINESS_HOURS_SCHEMA,
    description:
      'Local opening periods per weekday, ["HH:MM","HH:MM"], any number, not overlapping; null: around the clock',
    required: [...WEEKDAYS],
    example: {
      mon: [
        ['09:00', '12:30'],
        ['13:30', '18:00'],
      ],
      tue: [['09:00', '18:00']],
      wed: [['09:00', '18:00']],
      thu: [['09:00', '18:00']],
      fri: [['09:00', '17:00']],
      sat: [],
      sun: [],
    },
  })
  business_hours!: SlaPolicyDocument['business_hours'];

  @ApiProperty({
    type: [String],
    format: 'date',
    description: 'Dates in the time zone with no business time',
    example: ['2026-12-25'],
  })
  holidays!: string[];

  @ApiProperty({ type: SlaTargetsResponse })
  targets!: SlaTargetsResponse;
}

/** Sent to the staff room and the assignee's sockets when a clock warns or breaks. */
export class SlaAlertEvent {
  @ApiProperty({ format: 'uuid', example: '3f1c2a9e-8a61-4a36-9d0e-1c5b3f4a2b7d' })
  ticket_id!: string;

  @ApiProperty({ enum: CLOCK_NAMES, enumName: 'SlaClock', example: 'first_response' })
  clock!: ClockName;

  @ApiProperty({
    type: 'integer',
    description: 'Which run of the clock (next response runs again)',
    example: 1,
  })
  run!: number;

  @ApiProperty({ format: 'date-time', example: '2026-11-30T09:30:00.000Z' })
  due_at!: string;

  @ApiProperty({ type: TicketResponse })
  ticket!: TicketResponse;
}

export function toSlaPolicyResponse(policy: SlaPolicyDocument): SlaPolicyResponse {
  return {
    enabled: policy.enabled,
    timezone: policy.timezone,
    business_hours: policy.business_hours,
    holidays: policy.holidays,
    targets: policy.targets,
  };
}
