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
} from 'class-validator';
import { NotCommonPassword } from '@/auth/password-policy';
import { PasswordBytes } from '@/users/dto/password-bytes.validator';
import { Role, ROLES } from '@/users/user.entity';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const toBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

export class CreateUserDto {
  @Transform(trim)
  @IsEmail({}, { message: 'email must be a valid email address' })
  @MaxLength(254)
  email!: string;

  @IsString()
  @Validate(PasswordBytes)
  @Validate(NotCommonPassword)
  password!: string;

  @Transform(trim)
  @IsString()
  @Length(1, 200)
  full_name!: string;

  @IsIn(ROLES)
  role!: Role;
}

export class ListUsersQuery {
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'is_active must be true or false' })
  is_active?: boolean;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 20;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset: number = 0;
}

export class UpdateUserDto {
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @IsOptional()
  @IsBoolean()
  is_active?: boolean;

  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  full_name?: string;
}
