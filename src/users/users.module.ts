// User accounts and password hashing.
import { Module } from '@nestjs/common';
import { PasswordHasher } from '@/users/password-hasher';
import { UsersController } from '@/users/users.controller';
import { UsersService } from '@/users/users.service';

@Module({
  controllers: [UsersController],
  providers: [UsersService, PasswordHasher],
  exports: [UsersService, PasswordHasher],
})
export class UsersModule {}
