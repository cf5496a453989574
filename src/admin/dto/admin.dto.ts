import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  MaxLength,
  Min,
  Validate,
  ValidateIf,
} from 'class-validator';
import { NotCommonPassword } from '@/auth/password-policy';
import { MAX_CAPACITY, MAX_CATEGORIES } from '@/routing/agent-profile.entity';
import { PasswordBytes } from '@/users/dto/password-bytes.validator';
import { Role, ROLES } from '@/users/user.entity';
import { toBoolean, trim } from '@/common/transforms';

export class CreateUserDto {
  @ApiProperty({ format: 'email', maxLength: 254, example: 'cara@example.com' })
  @Transform(trim)
  @IsEmail({}, { message: 'email must be a valid email address' })
  @MaxLength(254)
  email!: string;

  @ApiProperty({ minLength: 8, maxLength: 72, example: 'plain sailing 77' })
  @IsString()
  @Validate(PasswordBytes)
  @Validate(NotCommonPassword)
  password!: string;

  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Cara Diaz' })
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  full_name!: string;

  @ApiProperty({ enum: ROLES, enumName: 'Role', example: 'csr' })
  @IsIn(ROLES)
  role!: Role;
}

export class ListUsersQuery {
  @ApiPropertyOptional({ enum: ROLES, enumName: 'Role' })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'is_active must be true or false' })
  is_active?: boolean;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 20;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset: number = 0;
}

/** Category labels as tickets store them (trimmed, lower-cased), each once. */
const toLabels = ({ value }: { value: unknown }): unknown => {
  if (!Array.isArray(value)) return value;
  const labels = (value as unknown[]).map((label) =>
    typeof label === 'string' ? label.trim().toLowerCase() : label,
  );
  return [...new Set(labels)];
};

/** Not IsOptional, which lets null through to a NOT NULL column (a 500); absent is absent. */
const isPresent = (_body: object, value: unknown) => value !== undefined;

export class UpdateUserDto {
  @ApiPropertyOptional({ enum: ROLES, enumName: 'Role', example: 'csr' })
  @ValidateIf(isPresent)
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ description: 'false deactivates and ends all sessions', example: false })
  @ValidateIf(isPresent)
  @IsBoolean()
  is_active?: boolean;

  @ApiPropertyOptional({ minLength: 1, maxLength: 200, example: 'Cara Diaz' })
  @ValidateIf(isPresent)
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  full_name?: string;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: MAX_CAPACITY,
    nullable: true,
    description: 'Staff only: most open tickets routed to them; null: no limit',
    example: 10,
  })
  @ValidateIf((_body: object, value: unknown) => value !== undefined && value !== null)
  @IsInt({ message: 'max_open_tickets must be an integer or null' })
  @Min(1)
  @Max(MAX_CAPACITY)
  max_open_tickets?: number | null;

  @ApiPropertyOptional({
    type: [String],
    maxItems: MAX_CATEGORIES,
    description: 'Staff only: categories they take (trimmed, lower-cased); empty: every category',
    example: ['billing', 'hardware'],
  })
  @ValidateIf(isPresent)
  @Transform(toLabels)
  @IsArray({ message: 'categories must be an array of strings' })
  @ArrayMaxSize(MAX_CATEGORIES)
  @IsString({ each: true })
  @Length(1, 50, { each: true })
  categories?: string[];
}
