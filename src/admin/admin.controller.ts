import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { AdminService } from '@/admin/admin.service';
import { CreateUserDto, ListUsersQuery, UpdateUserDto } from '@/admin/dto/admin.dto';
import { Roles } from '@/common/decorators/roles.decorator';
import { toUserResponse, UserResponse } from '@/users/user.response';

@Controller('admin/users')
@Roles('admin')
export class AdminController {
  constructor(private readonly admin: AdminService) {}

  @Post()
  async create(@Body() body: CreateUserDto): Promise<UserResponse> {
    const user = await this.admin.createUser({
      email: body.email,
      password: body.password,
      fullName: body.full_name,
      role: body.role,
    });
    return toUserResponse(user);
  }

  @Get()
  async list(@Query() query: ListUsersQuery) {
    const { items, total } = await this.admin.listUsers({
      role: query.role,
      isActive: query.is_active,
      limit: query.limit,
      offset: query.offset,
    });
    return { items: items.map(toUserResponse), total, limit: query.limit, offset: query.offset };
  }

  @Patch(':id')
  async update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateUserDto,
  ): Promise<UserResponse> {
    const user = await this.admin.updateUser(id, {
      role: body.role,
      isActive: body.is_active,
      fullName: body.full_name,
    });
    return toUserResponse(user);
  }
}
