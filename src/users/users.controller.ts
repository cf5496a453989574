import { Controller, Get } from '@nestjs/common';
import type { Actor } from '@/auth/actor';
import { CurrentActor } from '@/common/decorators/current-actor.decorator';
import { toUserResponse, UserResponse } from '@/users/user.response';
import { UsersService } from '@/users/users.service';

@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get('me')
  async me(@CurrentActor() actor: Actor): Promise<UserResponse> {
    return toUserResponse(await this.users.getById(actor.id));
  }
}
