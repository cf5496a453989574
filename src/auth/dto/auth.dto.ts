import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsJWT, IsString, Length, MaxLength, MinLength, Validate } from 'class-validator';
import { NotCommonPassword } from '@/auth/password-policy';
import { PasswordBytes } from '@/users/dto/password-bytes.validator';
import { trim } from '@/common/transforms';

export class SignupDto {
  @ApiProperty({ format: 'email', maxLength: 254, example: 'ann@example.com' })
  @Transform(trim)
  @IsEmail({}, { message: 'email must be a valid email address' })
  @MaxLength(254)
  email!: string;

  @ApiProperty({
    minLength: 8,
    maxLength: 72,
    description: '8–72 bytes (UTF-8); the 10,000 most common passwords are refused',
    example: 'plain sailing 77',
  })
  @IsString()
  @Validate(PasswordBytes)
  @Validate(NotCommonPassword)
  password!: string;

  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Ann Lee' })
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  full_name!: string;
}

export class LoginDto {
  @ApiProperty({ minLength: 1, maxLength: 254, example: 'ann@example.com' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(254)
  email!: string;

  @ApiProperty({ minLength: 1, maxLength: 1024, example: 'plain sailing 77' })
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  password!: string;
}

export class RefreshDto {
  @ApiProperty({
    description: 'A refresh token from login or refresh',
    example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ0eXBlIjoicmVmcmVzaCJ9.c2lnbmF0dXJl',
  })
  @IsString()
  @IsJWT({ message: 'refresh_token must be a JWT' })
  refresh_token!: string;
}

export class TokenPairResponse {
  @ApiProperty({
    example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ0eXBlIjoiYWNjZXNzIn0.c2lnbmF0dXJl',
  })
  access_token!: string;

  @ApiProperty({
    example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ0eXBlIjoicmVmcmVzaCJ9.c2lnbmF0dXJl',
  })
  refresh_token!: string;

  @ApiProperty({ enum: ['bearer'], example: 'bearer' })
  token_type!: 'bearer';

  @ApiProperty({ description: 'Access-token lifetime in seconds', example: 900 })
  expires_in!: number;
}
