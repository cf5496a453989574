import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import { ApiProblems } from '@/common/openapi/problem.schema';
import type { Role } from '@/users/user.entity';

export const ROLES = 'roles';

/** Restricts a controller or route to these roles (RolesGuard enforces it) and documents it. */
export const Roles = (...roles: Role[]) =>
  applyDecorators(SetMetadata(ROLES, roles), ApiBearerAuth('bearer'), ApiProblems(403));
