import 'reflect-metadata';
import { ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import { validationExceptionFactory } from '@/common/errors/validation';
import { AppValidationPipe } from '@/common/pipes/validation.pipe';
import { CreateTicketDto, ListTicketsQuery } from '@/tickets/dto/tickets.dto';
import { ListQueueQuery } from '@/csr/dto/csr.dto';
import { getMetadataArgsStorage } from 'typeorm';
import { Ticket } from '@/tickets/ticket.entity';
import {
  TICKET_CATEGORY_MAX,
  TICKET_DESCRIPTION_MAX,
  TICKET_PAGE_MAX,
  TICKET_SEARCH_MAX,
  TICKET_TITLE_MAX,
  TICKET_TYPE_MAX,
} from '@/tickets/ticket-limits';

const options = {
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  exceptionFactory: validationExceptionFactory,
};
const full = new ValidationPipe(options);
const app = new AppValidationPipe(options);
const metadata = { type: 'query' as const, metatype: ListTicketsQuery, data: '' };

async function outcome(pipe: ValidationPipe, value: unknown, meta: ArgumentMetadata = metadata) {
  try {
    const result: unknown = await pipe.transform(value, meta);
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
    { limit: String(TICKET_PAGE_MAX) },
    { limit: String(TICKET_PAGE_MAX + 1) },
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
    { q: 'q'.repeat(TICKET_SEARCH_MAX + 1) },
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

describe('CreateTicketDto.parseFast', () => {
  const body = { type: 'body' as const, metatype: CreateTicketDto, data: '' };
  const valid = {
    title: 'Printer',
    description: 'On fire',
    category: 'hardware',
    type: 'incident',
  };

  it.each([
    ['a plain ticket', valid],
    ['padded fields', { ...valid, title: '  Printer  ', category: ' Hardware ' }],
    [
      'limits exactly',
      {
        title: 't'.repeat(TICKET_TITLE_MAX),
        description: 'd'.repeat(TICKET_DESCRIPTION_MAX),
        category: 'c'.repeat(TICKET_CATEGORY_MAX),
        type: 'y'.repeat(TICKET_TYPE_MAX),
      },
    ],
    ['emoji', { ...valid, title: '🔥'.repeat(100) }],
  ])('takes %s without the pipe, answering as the pipe does', async (_name, value) => {
    expect(CreateTicketDto.parseFast(value)).toBeInstanceOf(CreateTicketDto);
    expect(await outcome(app, value, body)).toEqual(await outcome(full, value, body));
  });

  it.each([
    ['a missing field', { title: 'x', description: 'y', category: 'z' }],
    ['an unknown field', { ...valid, priority: 'high' }],
    ['a blank title', { ...valid, title: '   ' }],
    ['a title one over', { ...valid, title: 't'.repeat(TICKET_TITLE_MAX + 1) }],
    ['a description one over', { ...valid, description: 'd'.repeat(TICKET_DESCRIPTION_MAX + 1) }],
    ['a category one over', { ...valid, category: 'c'.repeat(TICKET_CATEGORY_MAX + 1) }],
    ['a type one over', { ...valid, type: 'y'.repeat(TICKET_TYPE_MAX + 1) }],
    ['a number as category', { ...valid, category: 5 }],
    ['a null type', { ...valid, type: null }],
    ['a variation selector', { ...valid, title: 'ok\uFE0F' }],
    ['a NUL', { ...valid, description: 'a\u0000b' }],
  ])('leaves %s to the pipe', async (_name, value) => {
    expect(CreateTicketDto.parseFast(value)).toBeUndefined();
    expect(await outcome(app, value, body)).toEqual(await outcome(full, value, body));
  });
});

describe('ticket limits', () => {
  it.each([
    ['title', TICKET_TITLE_MAX],
    ['description', TICKET_DESCRIPTION_MAX],
    ['category', TICKET_CATEGORY_MAX],
    ['type', TICKET_TYPE_MAX],
  ])('sizes the %s column by the limit the DTO checks', (property, max) => {
    const column = getMetadataArgsStorage().columns.find(
      (c) => c.target === Ticket && c.propertyName === property,
    );
    expect(column?.options.length).toBe(max);
  });
});
