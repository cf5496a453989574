import 'reflect-metadata';
import { ValidationPipe } from '@nestjs/common';
import { validationExceptionFactory } from '@/common/errors/validation';
import { AppValidationPipe } from '@/common/pipes/validation.pipe';
import { ListTicketsQuery } from '@/tickets/dto/tickets.dto';
import { ListQueueQuery } from '@/csr/dto/csr.dto';

const options = {
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  exceptionFactory: validationExceptionFactory,
};
const full = new ValidationPipe(options);
const app = new AppValidationPipe(options);
const metadata = { type: 'query' as const, metatype: ListTicketsQuery, data: '' };

async function outcome(pipe: ValidationPipe, value: unknown) {
  try {
    const result: unknown = await pipe.transform(value, metadata);
    return {
      ok: result,
      keys: Object.keys(result as object),
      type: (result as object).constructor,
    };
  } catch (error) {
    const { name, message, errors } = error as Error & { errors?: unknown };
    return { error: { name, message, errors } };
  }
}

describe('ListTicketsQuery.parseFast', () => {
  const queries: Record<string, unknown>[] = [
    {},
    { limit: '20' },
    { limit: '1' },
    { limit: '100' },
    { limit: '101' },
    { limit: '0' },
    { limit: '020' },
    { limit: '2e1' },
    { limit: ' 20' },
    { limit: '-1' },
    { limit: '' },
    { limit: '20.5' },
    { limit: ['20', '30'] },
    { offset: '0' },
    { offset: '40', limit: '20' },
    { offset: '-0' },
    { offset: '999999999' },
    { offset: '99999999999999999999' },
    { sort: 'created_at' },
    { sort: '-number', limit: '5' },
    { sort: 'nope' },
    { cursor: 'abc' },
    { limit: '20', extra: '1' },
    { status: 'open' },
    { q: 'printer' },
  ];

  it.each(queries.map((query) => [JSON.stringify(query), query]))(
    'answers %s exactly as the full ValidationPipe does',
    async (_name, query) => {
      const [fast, slow] = await Promise.all([outcome(app, query), outcome(full, query)]);
      expect(fast).toEqual(slow);
    },
  );

  it('is not inherited by a subclass with rules of its own', async () => {
    const queue = { ...metadata, metatype: ListQueueQuery };
    const result: unknown = await app.transform({ limit: '20' }, queue);
    expect(result).toBeInstanceOf(ListQueueQuery);
  });
});
