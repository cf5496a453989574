import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@/auth/actor';
import { CurrentActor } from '@/common/decorators/current-actor.decorator';
import { toUserResponse, UserResponse } from '@/users/user.response';
import { UsersService } from '@/users/users.service';

@ApiTags('users')
@ApiBearerAuth('bearer')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get('me')
  @ApiOperation({ operationId: 'getMe', summary: 'The signed-in user' })
  @ApiOkResponse({ type: UserResponse })
  async me(@CurrentActor() actor: Actor): Promise<UserResponse> {
    const user = await this.users.getById(actor.id);
    return toUserResponse(user, await this.users.staffSettings(user));
  }
}
