import type { ChatMessage } from '@clients/typescript/chat';
import {
  deliveryOf,
  followsGap,
  lastFromOthers,
  mergeMessages,
  moveRead,
  type PendingMessage,
  settlePending,
  unreadCount,
} from '@web/shared/conversation';

const VISITOR = 'visitor';
const AGENT = 'agent';

function message(seq: number, sender = AGENT, clientId: string | null = null): ChatMessage {
  return {
    id: `m${seq}`,
    ticket_id: 't',
    seq,
    sender_id: sender,
    sender_role: sender === AGENT ? 'csr' : 'user',
    content: `message ${seq}`,
    client_id: clientId,
    attachments: [],
    created_at: '2026-12-01T10:00:00.000Z',
  };
}

function pending(clientId: string): PendingMessage {
  return {
    client_id: clientId,
    content: 'hi',
    attachments: [],
    state: 'sending',
    created_at: '2026-12-01T10:00:00.000Z',
  };
}

describe('mergeMessages', () => {
  it('orders by seq whatever order they come in', () => {
    const merged = mergeMessages([message(1)], [message(3), message(2)]);
    expect(merged.map((m) => m.seq)).toEqual([1, 2, 3]);
  });

  it('shows a replayed message once (a join after a reconnection repeats live ones)', () => {
    const known = mergeMessages([], [message(1), message(2)]);
    const merged = mergeMessages(known, [message(2), message(3), message(3)]);
    expect(merged.map((m) => m.id)).toEqual(['m1', 'm2', 'm3']);
  });

  it('answers the same array when nothing is new, so a replay is not even a change', () => {
    const known = mergeMessages([], [message(1)]);
    expect(mergeMessages(known, [message(1)])).toBe(known);
  });
});

describe('settlePending', () => {
  it('drops the sends a stored message answers, by client_id', () => {
    const left = settlePending([pending('a'), pending('b')], [message(1, VISITOR, 'a')]);
    expect(left.map((send) => send.client_id)).toEqual(['b']);
  });

  it('keeps the same array when none is answered', () => {
    const sends = [pending('a')];
    expect(settlePending(sends, [message(1)])).toBe(sends);
  });
});

describe('followsGap', () => {
  it('sees a hole after the last known seq, not a next or an old message', () => {
    const known = [message(1), message(2)];
    expect(followsGap(known, message(4))).toBe(true);
    expect(followsGap(known, message(3))).toBe(false);
    expect(followsGap(known, message(2))).toBe(false);
    expect(followsGap([], message(9))).toBe(false);
  });
});

describe('read markers', () => {
  it('move forward only', () => {
    const reads = moveRead({}, AGENT, 5);
    expect(moveRead(reads, AGENT, 3)).toBe(reads);
    expect(moveRead(reads, AGENT, 7)).toEqual({ [AGENT]: 7 });
  });

  it('make my message read (✓✓) once someone else has read up to it', () => {
    const mine = message(4, VISITOR);
    expect(deliveryOf(mine, VISITOR, { [VISITOR]: 9 })).toBe('sent');
    expect(deliveryOf(mine, VISITOR, { [AGENT]: 3 })).toBe('sent');
    expect(deliveryOf(mine, VISITOR, { [AGENT]: 4 })).toBe('read');
  });

  it('count the others’ messages after my marker as unread', () => {
    const messages = [message(1, VISITOR), message(2), message(3), message(4, VISITOR), message(5)];
    expect(unreadCount(messages, VISITOR, {})).toBe(3);
    expect(unreadCount(messages, VISITOR, { [VISITOR]: 3 })).toBe(1);
    expect(lastFromOthers(messages, VISITOR)?.seq).toBe(5);
    expect(lastFromOthers([message(1, VISITOR)], VISITOR)).toBeUndefined();
  });
});
