import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Actor } from '@/auth/actor';
import { ROLES } from '@/common/decorators/roles.decorator';
import { Forbidden } from '@/common/errors/domain-errors';
import type { Role } from '@/users/user.entity';

@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (roles === undefined) return true;
    const actor = context.switchToHttp().getRequest<{ user?: Actor }>().user;
    if (actor !== undefined && roles.includes(actor.role)) return true;
    throw new Forbidden('You do not have permission to perform this action');
  }
}
