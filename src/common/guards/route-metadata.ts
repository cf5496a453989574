// A route's guard metadata (@Public, @Roles) is fixed once the app is built, but Reflector reads
// it through reflect-metadata on every request (a profile of B1 put the two guards' lookups at
// ~10 µs a request); so each guard reads it once per route.
import type { ExecutionContext, Type } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';

export class RouteMetadata<T> {
  // Keyed by handler, then class: an inherited handler may carry another class's metadata.
  private readonly cache = new WeakMap<object, WeakMap<Type, { value: T | undefined }>>();

  constructor(
    private readonly reflector: Reflector,
    private readonly key: string,
  ) {}

  /** The handler's value, else the class's (Reflector.getAllAndOverride), read once per route. */
  of(context: ExecutionContext): T | undefined {
    const handler = context.getHandler();
    const type = context.getClass();
    let byClass = this.cache.get(handler);
    if (byClass === undefined) {
      byClass = new WeakMap();
      this.cache.set(handler, byClass);
    }
    let entry = byClass.get(type);
    if (entry === undefined) {
      entry = { value: this.reflector.getAllAndOverride<T | undefined>(this.key, [handler, type]) };
      byClass.set(type, entry);
    }
    return entry.value;
  }
}
