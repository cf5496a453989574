import { jsonBodyProblem, MAX_JSON_DEPTH } from '@/common/json-body';

const nested = (depth: number): unknown => {
  let value: unknown = 1;
  for (let i = 1; i < depth; i++) value = { a: value };
  return { a: value };
};

describe('jsonBodyProblem', () => {
  it('accepts an ordinary object, including text outside the basic plane', () => {
    expect(jsonBodyProblem({ title: 'Ünïcödé 🎫', tags: ['a', { b: null }] })).toBeUndefined();
  });

  it('refuses anything but an object', () => {
    for (const body of [null, [], [{}], 'text', 42, true]) {
      expect(jsonBodyProblem(body)).toBe('Request body must be a JSON object');
    }
  });

  it('refuses nesting deeper than the limit, without recursing itself', () => {
    expect(jsonBodyProblem(nested(MAX_JSON_DEPTH))).toBeUndefined();
    expect(jsonBodyProblem(nested(MAX_JSON_DEPTH + 1))).toMatch(/nested deeper/);
    expect(jsonBodyProblem(nested(100_000))).toMatch(/nested deeper/);
  });

  it('refuses lone surrogates in values and keys, but not surrogate pairs', () => {
    expect(jsonBodyProblem({ email: 'a\ud800b@example.com' })).toMatch(/not valid Unicode/);
    expect(jsonBodyProblem({ list: ['\udc00'] })).toMatch(/not valid Unicode/);
    expect(jsonBodyProblem({ 'k\ud800': 1 })).toMatch(/not valid Unicode/);
    expect(jsonBodyProblem({ emoji: '\ud83c\udfab' })).toBeUndefined();
  });
});
