import { ExecutionContext, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { RouteMetadata } from '@/common/guards/route-metadata';

@SetMetadata('roles', ['csr'])
class Controller {
  @SetMetadata('roles', ['admin'])
  own() {}

  inherited() {}
}

@SetMetadata('roles', ['user'])
class Subclass extends Controller {}

const contextOf = (type: object, handler: () => void) =>
  ({ getClass: () => type, getHandler: () => handler }) as unknown as ExecutionContext;

describe('RouteMetadata', () => {
  it('answers what Reflector.getAllAndOverride answers: the handler first, then the class', () => {
    const reflector = new Reflector();
    const roles = new RouteMetadata<string[]>(reflector, 'roles');
    const cases = [
      contextOf(Controller, Controller.prototype.own),
      contextOf(Controller, Controller.prototype.inherited),
      contextOf(Subclass, Subclass.prototype.inherited),
      contextOf(Controller, () => undefined),
    ];
    for (const context of cases) {
      const expected = reflector.getAllAndOverride<string[] | undefined>('roles', [
        context.getHandler(),
        context.getClass(),
      ]);
      expect(roles.of(context)).toEqual(expected);
    }
    expect(cases.map((context) => roles.of(context))).toEqual([
      ['admin'],
      ['csr'],
      ['user'],
      ['csr'],
    ]);
  });

  it('reads a route once, however many requests it serves', () => {
    const reflector = new Reflector();
    const read = jest.spyOn(reflector, 'getAllAndOverride');
    const roles = new RouteMetadata<string[]>(reflector, 'roles');
    const context = contextOf(Controller, Controller.prototype.own);
    for (let i = 0; i < 3; i++) expect(roles.of(context)).toEqual(['admin']);
    expect(read).toHaveBeenCalledTimes(1);
  });
});
