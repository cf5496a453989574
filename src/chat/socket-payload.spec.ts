import { SendMessageDto } from '@/chat/dto/chat.dto';
import { parsePayload, parseSendMessage } from '@/chat/socket-payload';

const TICKET = '3f1c2a9e-8a61-4a36-9d0e-1c5b3f4a2b7d';

/** What the DTO itself says: the parsed body, or the field errors. */
async function byDto(payload: unknown): Promise<unknown> {
  try {
    return { ...(await parsePayload(SendMessageDto, payload)) };
  } catch (error) {
    return { refused: (error as { errors?: unknown }).errors };
  }
}

async function byFastPath(payload: unknown): Promise<{ fast: boolean; verdict: unknown }> {
  const parsed = parseSendMessage(payload);
  const fast = !(parsed instanceof Promise);
  try {
    return { fast, verdict: { ...(await parsed) } };
  } catch (error) {
    return { fast, verdict: { refused: (error as { errors?: unknown }).errors } };
  }
}

describe('parseSendMessage', () => {
  it.each([
    ['a plain message', { ticket_id: TICKET, content: 'Hello' }],
    ['surrounding spaces', { ticket_id: TICKET, content: '  trimmed  ' }],
    ['a client_id', { ticket_id: TICKET, content: 'x', client_id: 'c-1' }],
    ['4000 characters', { ticket_id: TICKET, content: 'a'.repeat(4000) }],
    ['emoji (surrogate pairs)', { ticket_id: TICKET, content: '😀'.repeat(2000) }],
    ['an upper-case uuid', { ticket_id: TICKET.toUpperCase(), content: 'x' }],
  ])('takes %s without the DTO machinery, with the DTO verdict', async (_name, payload) => {
    const result = await byFastPath(payload);
    expect(result.fast).toBe(true);
    expect(result.verdict).toEqual(await byDto(payload));
  });

  it.each([
    ['an unknown key', { ticket_id: TICKET, content: 'x', extra: 1 }],
    ['a non-uuid ticket', { ticket_id: 'nope', content: 'x' }],
    ['blank content', { ticket_id: TICKET, content: '   ' }],
    ['4001 characters', { ticket_id: TICKET, content: 'a'.repeat(4001) }],
    ['a NUL', { ticket_id: TICKET, content: 'a\u0000b' }],
    ['a number as content', { ticket_id: TICKET, content: 42 }],
    ['a null client_id', { ticket_id: TICKET, content: 'x', client_id: null }],
    ['a client_id with a space', { ticket_id: TICKET, content: 'x', client_id: 'a b' }],
    ['a 65-character client_id', { ticket_id: TICKET, content: 'x', client_id: 'c'.repeat(65) }],
    ['a lone surrogate', { ticket_id: TICKET, content: 'a\uD800b' }],
    ['an array', [TICKET]],
    ['null', null],
  ])('leaves %s to the DTO, which refuses it', async (_name, payload) => {
    const result = await byFastPath(payload);
    expect(result.fast).toBe(false);
    expect(result.verdict).toEqual({ refused: expect.any(Array) });
  });

  it('leaves content its length rule counts differently (variation selectors) to the DTO', async () => {
    const payload = { ticket_id: TICKET, content: 'ok\uFE0F' };
    const result = await byFastPath(payload);
    expect(result.fast).toBe(false);
    expect(result.verdict).toEqual(await byDto(payload));
  });
});
