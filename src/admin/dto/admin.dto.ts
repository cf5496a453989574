import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
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
}
