import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Actor } from '@/auth/actor';
import { ROLES } from '@/common/decorators/roles.decorator';
import { Forbidden } from '@/common/errors/domain-errors';
import { RouteMetadata } from '@/common/guards/route-metadata';
import type { Role } from '@/users/user.entity';

@Injectable()
export class RolesGuard implements CanActivate {
  private readonly roles: RouteMetadata<Role[]>;

  constructor(reflector: Reflector) {
    this.roles = new RouteMetadata(reflector, ROLES);
  }

  canActivate(context: ExecutionContext): boolean {
    const roles = this.roles.of(context);
    if (roles === undefined) return true;
    const actor = context.switchToHttp().getRequest<{ user?: Actor }>().user;
    if (actor !== undefined && roles.includes(actor.role)) return true;
    throw new Forbidden('You do not have permission to perform this action');
  }
}
