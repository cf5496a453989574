import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Actor } from '@/auth/actor';

/** The authenticated caller, as the JWT strategy resolved it from the database. */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext) => {
  const request = context.switchToHttp().getRequest<{ user: Actor }>();
  return request.user;
});
