import { Transform } from 'class-transformer';
import { IsEmail, IsJWT, IsString, Length, MaxLength, MinLength, Validate } from 'class-validator';
import { NotCommonPassword } from '@/auth/password-policy';
import { PasswordBytes } from '@/users/dto/password-bytes.validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class SignupDto {
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
}

export class LoginDto {
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(254)
  email!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  password!: string;
}

export class RefreshDto {
  @IsString()
  @IsJWT({ message: 'refresh_token must be a JWT' })
  refresh_token!: string;
}
