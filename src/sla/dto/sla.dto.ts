import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  Validate,
  ValidateIf,
  ValidateNested,
  ValidationArguments,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { calendarProblems, MAX_HOLIDAYS, WEEKDAYS, type WeekHours } from '@/sla/business-calendar';
import { BUSINESS_HOURS_SCHEMA } from '@/sla/sla.response';
import { TARGET_MINUTES_MAX } from '@/sla/sla-policy';

const TARGET_MESSAGE = `must be null or an integer from 1 to ${TARGET_MINUTES_MAX}`;

function Target(): PropertyDecorator {
  const decorators = [
    IsOptional(),
    IsInt({ message: `$property ${TARGET_MESSAGE}` }),
    Min(1, { message: `$property ${TARGET_MESSAGE}` }),
    Max(TARGET_MINUTES_MAX, { message: `$property ${TARGET_MESSAGE}` }),
  ];
  return (target, key) => decorators.forEach((decorate) => decorate(target, key));
}

export class ClockTargetsDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, nullable: true, example: 60 })
  @Target()
  first_response_minutes?: number | null;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, nullable: true, example: 120 })
  @Target()
  next_response_minutes?: number | null;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, nullable: true, example: 1440 })
  @Target()
  resolution_minutes?: number | null;
}

function Priority(): PropertyDecorator {
  const decorators = [
    ApiPropertyOptional({ type: ClockTargetsDto, description: 'Left out: no targets' }),
    // Not IsOptional, which would let null through: leave a priority out for no targets.
    ValidateIf((_body, value) => value !== undefined),
    IsObject({ message: '$property must be an object' }),
    ValidateNested(),
    Type(() => ClockTargetsDto),
  ];
  return (target, key) => decorators.forEach((decorate) => decorate(target, key));
}

export class SlaTargetsDto {
  @Priority()
  urgent?: ClockTargetsDto;

  @Priority()
  high?: ClockTargetsDto;

  @Priority()
  medium?: ClockTargetsDto;

  @Priority()
  low?: ClockTargetsDto;

  @Priority()
  none?: ClockTargetsDto;
}

/** Null, or an object of weekdays each holding ["HH:MM","HH:MM"] pairs (strings). */
@ValidatorConstraint({ name: 'weekHoursShape' })
class WeekHoursShape implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (value === null) return true;
    if (typeof value !== 'object' || Array.isArray(value)) return false;
    return Object.entries(value as Record<string, unknown>).every(
      ([day, periods]) =>
        (WEEKDAYS as readonly string[]).includes(day) &&
        Array.isArray(periods) &&
        periods.length <= 24 &&
        periods.every(
          (period) =>
            Array.isArray(period) &&
            period.length === 2 &&
            period.every((time) => typeof time === 'string' && time.length <= 5),
        ),
    );
  }

  defaultMessage(): string {
    return `business_hours must be null or an object of weekdays (${WEEKDAYS.join(', ')}), each a list of ["HH:MM", "HH:MM"] periods`;
  }
}

/** The calendar as a whole: a known time zone, real times, no overlaps, real holiday dates. */
@ValidatorConstraint({ name: 'validCalendar' })
class ValidCalendar implements ValidatorConstraintInterface {
  validate(_value: unknown, args: ValidationArguments): boolean {
    return problemsOf(args.object as PutSlaPolicyDto).length === 0;
  }

  defaultMessage(args: ValidationArguments): string {
    return problemsOf(args.object as PutSlaPolicyDto).join('; ');
  }
}

/** What calendarProblems finds, once the shapes are right (their own checks report those). */
function problemsOf(body: PutSlaPolicyDto): string[] {
  if (typeof body.timezone !== 'string') return [];
  if (!new WeekHoursShape().validate(body.business_hours ?? null)) return [];
  if (body.holidays !== undefined && !isStringList(body.holidays)) return [];
  return calendarProblems({
    timezone: body.timezone,
    businessHours: weekHours(body.business_hours ?? null),
    holidays: body.holidays ?? [],
  });
}

export class PutSlaPolicyDto {
  @ApiProperty({ example: true })
  @IsBoolean({ message: 'enabled must be true or false' })
  enabled!: boolean;

  @ApiProperty({ description: 'IANA time zone', example: 'Europe/Berlin' })
  @IsString({ message: 'timezone must be an IANA time zone name' })
  @MaxLength(64)
  @Validate(ValidCalendar)
  timezone!: string;

  @ApiPropertyOptional({
    ...BUSINESS_HOURS_SCHEMA,
    description: 'Left out or null: around the clock. A weekday left out has no business time',
  })
  @IsOptional()
  @Validate(WeekHoursShape)
  business_hours?: Partial<WeekHours> | null;

  @ApiPropertyOptional({ type: [String], format: 'date', example: ['2026-12-25'] })
  @ValidateIf((body: PutSlaPolicyDto) => body.holidays !== undefined)
  @IsArray({ message: 'holidays must be a list of YYYY-MM-DD dates' })
  @ArrayMaxSize(MAX_HOLIDAYS, { message: `holidays takes at most ${MAX_HOLIDAYS} dates` })
  @IsString({ each: true, message: 'holidays must be a list of YYYY-MM-DD dates' })
  holidays?: string[];

  @ApiPropertyOptional({ type: SlaTargetsDto, description: 'Per priority; left out: no targets' })
  @ValidateIf((body: PutSlaPolicyDto) => body.targets !== undefined)
  @IsObject({ message: 'targets must be an object' })
  @ValidateNested()
  @Type(() => SlaTargetsDto)
  targets?: SlaTargetsDto;
}

/** A week with every day present, days left out closed. */
export function weekHours(hours: Partial<WeekHours> | null): WeekHours | null {
  if (hours === null) return null;
  return Object.fromEntries(WEEKDAYS.map((day) => [day, hours[day] ?? []])) as WeekHours;
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}
