import { decodeMessageCursor, encodeMessageCursor } from '@/chat/message-cursor';
import { ValidationFailed } from '@/common/errors/domain-errors';

describe('message cursor', () => {
  it('round-trips a seq', () => {
    for (const seq of [0, 1, 50, 2 ** 40]) {
      expect(decodeMessageCursor(encodeMessageCursor(seq))).toBe(seq);
    }
  });

  it.each([
    '',
    'abc',
    Buffer.from('{"s":-1}').toString('base64url'),
    Buffer.from('{"s":"7"}').toString('base64url'),
    Buffer.from('[]').toString('base64url'),
  ])('rejects %j as a validation error on cursor', (cursor) => {
    expect(() => decodeMessageCursor(cursor)).toThrow(ValidationFailed);
  });
});
