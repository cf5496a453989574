import {
  decodeHeadline,
  decodeSearchCursor,
  encodeSearchCursor,
  withLastWordPrefix,
} from '@/search/search-query';
import { InvalidCursor } from '@/tickets/ticket.errors';

describe('withLastWordPrefix', () => {
  it.each([
    ["'refun'", "'refun':*"],
    ["'credit' & 'refun'", "'credit' & 'refun':*"],
    ["'foo' <-> 'bar'", "'foo' <-> 'bar':*"],
    ["'a' | 'b'", "'a' | 'b':*"],
    ["'it''s'", "'it''s':*"],
    ["'x' & ''''", "'x' & '''':*"],
  ])('turns the last word of %s into a prefix', (input, output) => {
    expect(withLastWordPrefix(input)).toBe(output);
  });

  it.each([
    ["'refund' & !'paypal'"],
    ["!'paypal'"],
    ["'a' & !( 'b' <-> 'c' )"],
    ["'refund':*"],
    [''],
  ])('leaves %s as it is (an exclusion, a group, a suffix, nothing)', (input) => {
    expect(withLastWordPrefix(input)).toBe(input);
  });

  it('reads a quote inside a lexeme as part of it, not as its end', () => {
    expect(withLastWordPrefix("!'it''s' & 'o''neil'")).toBe("!'it''s' & 'o''neil':*");
    expect(withLastWordPrefix("'a' & !'it''s'")).toBe("'a' & !'it''s'");
  });
});

describe('search cursor', () => {
  const id = '3f1c2a9e-8a61-4a36-9d0e-1c5b3f4a2b7d';

  it('round-trips the rank text exactly and the id', () => {
    for (const rank of ['0.6079271', '0', '1e-20', '6.079271e-05', '0.1']) {
      expect(decodeSearchCursor(encodeSearchCursor({ rank, id }))).toEqual({ rank, id });
    }
  });

  it('is base64url JSON', () => {
    const cursor = encodeSearchCursor({ rank: '0.5', id });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))).toEqual({
      rank: '0.5',
      id,
    });
  });

  const encode = (value: unknown) =>
    Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

  it.each([
    ['not base64 JSON', 'bm90IGpzb24'],
    ['garbage', '!!!'],
    ['a number', encode(5)],
    ['null', encode(null)],
    ['no rank', encode({ id })],
    ['a numeric rank', encode({ rank: 0.5, id })],
    ['a rank that is no number', encode({ rank: 'NaN', id })],
    ['a negative rank', encode({ rank: '-1', id })],
    ['an SQL rank', encode({ rank: "0.5'; --", id })],
    ['no id', encode({ rank: '0.5' })],
    ['an id that is no UUID', encode({ rank: '0.5', id: 'x' })],
  ])('refuses %s with InvalidCursor', (_name, cursor) => {
    expect(() => decodeSearchCursor(cursor)).toThrow(InvalidCursor);
  });
});

describe('decodeHeadline', () => {
  it('restores < and U+E000 that search_document escaped', () => {
    expect(decodeHeadline('\uE000\uE002b>«x»\uE000\uE002/b>')).toBe('<b>«x»</b>');
    expect(decodeHeadline('a \uE000\uE001 b \uE000\uE001\uE002')).toBe('a \uE000 b \uE000\uE002');
  });

  it('leaves everything else as it is, markup and entities included', () => {
    expect(decodeHeadline('x &amp; y > z «w» \uE002')).toBe('x &amp; y > z «w» \uE002');
  });
});
