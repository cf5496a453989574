// User accounts and password hashing.
import { Module } from '@nestjs/common';
import { PasswordHasher } from '@/users/password-hasher';
import { UsersController } from '@/users/users.controller';
import { UsersRepository } from '@/users/users.repository';
import { UsersService } from '@/users/users.service';

@Module({
  controllers: [UsersController],
  providers: [UsersService, UsersRepository, PasswordHasher],
  exports: [UsersService, PasswordHasher],
})
export class UsersModule {}
