import { applyDecorators, SetMetadata } from '@nestjs/common';
import type { Role } from '@/users/user.entity';

export const ROLES = 'roles';

/** Restricts a controller or route to these roles; the RolesGuard enforces it. */
export const Roles = (...roles: Role[]) => applyDecorators(SetMetadata(ROLES, roles));
