import { withReferencedSchemas } from '@/docs/asyncapi';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

describe('withReferencedSchemas', () => {
  const all = {
    TicketResponse: { properties: { status: { allOf: [ref('TicketStatus')] } } },
    TicketStatus: { enum: ['open'], items: ref('Deep') },
    Deep: { type: 'string' },
    Unused: { type: 'string' },
    FieldErrorSchema: { type: 'object' },
  };

  it('brings every schema a named one refers to, however deep, and nothing else', () => {
    const schemas = withReferencedSchemas(all, ['TicketResponse'], {});
    expect(Object.keys(schemas)).toEqual(['Deep', 'TicketResponse', 'TicketStatus']);
  });

  it('follows the references of its own schemas too', () => {
    const own = { AckError: { items: ref('FieldErrorSchema') } };
    expect(Object.keys(withReferencedSchemas(all, [], own))).toEqual([
      'AckError',
      'FieldErrorSchema',
    ]);
  });

  it('throws on a reference the OpenAPI document cannot satisfy', () => {
    expect(() => withReferencedSchemas(all, ['Missing'], {})).toThrow('no schema Missing');
    expect(() => withReferencedSchemas({ A: { items: ref('Gone') } }, ['A'], {})).toThrow(
      'no schema Gone',
    );
  });
});
