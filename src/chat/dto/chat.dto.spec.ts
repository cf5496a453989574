import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { SendMessageDto } from '@/chat/dto/chat.dto';
import { parsePayload } from '@/chat/socket-payload';
import { getMetadataArgsStorage } from 'typeorm';
import { Message } from '@/chat/message.entity';
import { MESSAGE_CLIENT_ID_MAX, MESSAGE_CONTENT_MAX } from '@/chat/message-limits';

const TICKET = '3f1c2a9e-8a61-4a36-9d0e-1c5b3f4a2b7d';

/** What the DTO's rules say through class-transformer and class-validator alone. */
async function byRules(payload: object): Promise<unknown> {
  const instance = plainToInstance(SendMessageDto, payload);
  const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true });
  return errors.length > 0 ? { refused: errors.map((e) => e.property) } : { ...instance };
}

describe('SendMessageDto.parseFast', () => {
  it.each([
    ['a plain message', { ticket_id: TICKET, content: 'Hello' }],
    ['surrounding spaces', { ticket_id: TICKET, content: '  trimmed  ' }],
    ['a client_id', { ticket_id: TICKET, content: 'x', client_id: 'c-1' }],
    ['the longest content', { ticket_id: TICKET, content: 'a'.repeat(MESSAGE_CONTENT_MAX) }],
    [
      'emoji (surrogate pairs)',
      { ticket_id: TICKET, content: '😀'.repeat(MESSAGE_CONTENT_MAX / 2) },
    ],
    [
      'the longest client_id',
      { ticket_id: TICKET, content: 'x', client_id: 'c'.repeat(MESSAGE_CLIENT_ID_MAX) },
    ],
    ['an upper-case uuid', { ticket_id: TICKET.toUpperCase(), content: 'x' }],
  ])('takes %s as the rules would', async (_name, payload) => {
    const fast = SendMessageDto.parseFast(payload);
    expect(fast).toBeInstanceOf(SendMessageDto);
    expect({ ...fast }).toEqual(await byRules(payload));
  });

  it.each([
    ['an unknown key', { ticket_id: TICKET, content: 'x', extra: 1 }],
    ['a non-uuid ticket', { ticket_id: 'nope', content: 'x' }],
    ['blank content', { ticket_id: TICKET, content: '   ' }],
    ['content one over', { ticket_id: TICKET, content: 'a'.repeat(MESSAGE_CONTENT_MAX + 1) }],
    ['a NUL', { ticket_id: TICKET, content: 'a\u0000b' }],
    ['a number as content', { ticket_id: TICKET, content: 42 }],
    ['a null client_id', { ticket_id: TICKET, content: 'x', client_id: null }],
    ['a client_id with a space', { ticket_id: TICKET, content: 'x', client_id: 'a b' }],
    [
      'a client_id one over',
      { ticket_id: TICKET, content: 'x', client_id: 'c'.repeat(MESSAGE_CLIENT_ID_MAX + 1) },
    ],
  ])('leaves %s to the rules, which refuse it', async (_name, payload) => {
    expect(SendMessageDto.parseFast(payload)).toBeUndefined();
    expect(await byRules(payload)).toEqual({ refused: expect.any(Array) });
  });

  it('leaves content the length rule counts differently (variation selectors) to the rules', () => {
    expect(SendMessageDto.parseFast({ ticket_id: TICKET, content: 'ok\uFE0F' })).toBeUndefined();
  });
});

describe('message limits', () => {
  it.each([
    ['content', MESSAGE_CONTENT_MAX],
    ['clientId', MESSAGE_CLIENT_ID_MAX],
  ])('sizes the %s column by the limit the DTO checks', (property, max) => {
    const column = getMetadataArgsStorage().columns.find(
      (c) => c.target === Message && c.propertyName === property,
    );
    expect(column?.options.length).toBe(max);
  });
});

describe('parsePayload(SendMessageDto)', () => {
  it('answers a plainly valid payload and a borderline one alike, as the rules do', async () => {
    for (const payload of [
      { ticket_id: TICKET, content: ' hi ' },
      { ticket_id: TICKET, content: 'ok\uFE0F' },
    ]) {
      expect({ ...(await parsePayload(SendMessageDto, payload)) }).toEqual(await byRules(payload));
    }
  });

  it('refuses a lone surrogate before any rule (it would be stored as U+FFFD)', async () => {
    // The rules alone would take it; the payload check in front of them does not.
    const payload = { ticket_id: TICKET, content: 'half a pair: \uD83D' };
    expect(await byRules(payload)).not.toHaveProperty('refused');
    await expect(parsePayload(SendMessageDto, payload)).rejects.toMatchObject({
      errors: [{ field: 'payload', message: 'payload contains text that is not valid Unicode' }],
    });
  });

  it.each([['text'], [null], [[TICKET]]])('refuses %p as not an object', async (payload) => {
    await expect(parsePayload(SendMessageDto, payload)).rejects.toMatchObject({
      errors: [{ field: 'payload', message: 'payload must be an object' }],
    });
  });
});
