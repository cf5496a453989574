import { diffTags, isTagInput, normalizeTags } from '@/tickets/ticket-tags';

describe('normalizeTags', () => {
  it('lower-cases, collapses duplicates and sorts', () => {
    expect(normalizeTags(['VIP', 'billing', 'vip', 'a-1', 'Billing'])).toEqual([
      'a-1',
      'billing',
      'vip',
    ]);
  });

  it('keeps an empty list empty', () => {
    expect(normalizeTags([])).toEqual([]);
  });

  it('sorts in code-unit order (digits, then letters; - before _)', () => {
    expect(normalizeTags(['b', 'a_b', 'a-b', '9'])).toEqual(['9', 'a-b', 'a_b', 'b']);
  });
});

describe('isTagInput', () => {
  it.each(['a', 'VIP', '0', 'a_b-c', 'x'.repeat(32)])('accepts %p', (tag) => {
    expect(isTagInput(tag)).toBe(true);
  });

  it.each(['', '-a', '_a', ' a', 'a ', 'a b', 'x'.repeat(33), 'é', 'a,b', 'a\u0000', 42, null])(
    'refuses %p',
    (tag) => {
      expect(isTagInput(tag)).toBe(false);
    },
  );
});

describe('diffTags', () => {
  it('names what was added and what was removed', () => {
    expect(diffTags(['a', 'b'], ['b', 'c'])).toEqual({ added: ['c'], removed: ['a'] });
  });

  it('is empty when nothing changed', () => {
    expect(diffTags(['a'], ['a'])).toEqual({ added: [], removed: [] });
  });
});
