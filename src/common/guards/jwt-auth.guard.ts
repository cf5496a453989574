// Deny by default: every route needs a valid access token unless it is marked @Public().
import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { Unauthorized } from '@/common/errors/domain-errors';
import { IS_PUBLIC } from '@/common/decorators/public.decorator';
import { RouteMetadata } from '@/common/guards/route-metadata';

@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  private readonly isPublic: RouteMetadata<boolean>;

  constructor(reflector: Reflector) {
    super();
    this.isPublic = new RouteMetadata(reflector, IS_PUBLIC);
  }

  override canActivate(context: ExecutionContext) {
    return this.isPublic.of(context) === true ? true : super.canActivate(context);
  }

  override handleRequest<T>(error: unknown, user: T | false, info: unknown): T {
    // Token problems arrive as DomainErrors (or as `info`, below); anything else failed while
    // checking the session — a database outage is a 503, not a reason to tell clients to log in.
    if (error !== null && error !== undefined) {
      throw error instanceof Error ? error : new Unauthorized('Invalid or expired token');
    }
    if (user === false || user === null || user === undefined) {
      const missing = info instanceof Error && info.message === 'No auth token';
      throw new Unauthorized(missing ? 'Not authenticated' : 'Invalid or expired token');
    }
    return user;
  }
}
