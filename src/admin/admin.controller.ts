import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { UuidPipe } from '@/common/pipes/uuid.pipe';
import {
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { AdminService } from '@/admin/admin.service';
import { CreateUserDto, ListUsersQuery, UpdateUserDto } from '@/admin/dto/admin.dto';
import { Roles } from '@/common/decorators/roles.decorator';
import { ApiProblems } from '@/common/openapi/problem.schema';
import { toUserResponse, UserPageResponse, UserResponse } from '@/users/user.response';

@ApiTags('admin')
@Controller('admin/users')
@Roles('admin')
export class AdminController {
  constructor(private readonly admin: AdminService) {}

  @Post()
  @ApiOperation({ operationId: 'createUser', summary: 'Create an account with any role' })
  @ApiCreatedResponse({ type: UserResponse })
  @ApiProblems(409)
  async create(@Body() body: CreateUserDto): Promise<UserResponse> {
    const user = await this.admin.createUser({
      email: body.email,
      password: body.password,
      fullName: body.full_name,
      role: body.role,
    });
    return toUserResponse(user, (await this.admin.routingSettings([user])).get(user.id));
  }

  @Get()
  @ApiOperation({ operationId: 'listUsers', summary: 'List accounts, oldest first' })
  @ApiOkResponse({ type: UserPageResponse })
  async list(@Query() query: ListUsersQuery): Promise<UserPageResponse> {
    const { items, total } = await this.admin.listUsers({
      role: query.role,
      isActive: query.is_active,
      limit: query.limit,
      offset: query.offset,
    });
    const settings = await this.admin.routingSettings(items);
    return {
      items: items.map((user) => toUserResponse(user, settings.get(user.id))),
      total,
      limit: query.limit,
      offset: query.offset,
    };
  }

  @Patch(':id')
  @ApiOperation({
    operationId: 'updateUser',
    summary:
      'Change role, activation, name, or a staff member’s capacity and categories; deactivation ends all sessions',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: UserResponse })
  @ApiProblems(404, 422)
  async update(
    @Param('id', UuidPipe) id: string,
    @Body() body: UpdateUserDto,
  ): Promise<UserResponse> {
    const user = await this.admin.updateUser(
      id,
      { role: body.role, isActive: body.is_active, fullName: body.full_name },
      { maxOpenTickets: body.max_open_tickets, categories: body.categories },
    );
    return toUserResponse(user, (await this.admin.routingSettings([user])).get(user.id));
  }
}
